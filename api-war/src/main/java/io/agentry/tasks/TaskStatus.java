package io.agentry.tasks;

import io.agentry.http.WireEnum;

/** A task's life: pending (no agent yet), dispatched (queued), running, then completed, failed or cancelled. */
public enum TaskStatus implements WireEnum {
    PENDING("pending"), DISPATCHED("dispatched"), RUNNING("running"), COMPLETED("completed"), FAILED("failed"),
    CANCELLED("cancelled");

    private final String wire;

    TaskStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
