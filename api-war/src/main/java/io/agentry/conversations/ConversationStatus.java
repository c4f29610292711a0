package io.agentry.conversations;

import io.agentry.http.WireEnum;

public enum ConversationStatus implements WireEnum {
    OPEN("open"), ARCHIVED("archived");

    private final String wire;

    ConversationStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
