package io.agentry.agents;

import io.agentry.http.WireEnum;

public enum AgentStatus implements WireEnum {
    IDLE, BUSY, OFFLINE;

    @Override
    public String wire() {
        return name().toLowerCase();
    }
}
