package io.agentry.conversations;

import io.agentry.http.WireEnum;

public enum MessageStatus implements WireEnum {
    COMPLETE("complete"), FAILED("failed"), CANCELLED("cancelled");

    private final String wire;

    MessageStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
