package io.agentry.conversations;

import io.agentry.http.WireEnum;

public enum MessageRole implements WireEnum {
    USER("user"), ASSISTANT("assistant");

    private final String wire;

    MessageRole(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
