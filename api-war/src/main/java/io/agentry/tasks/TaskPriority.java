package io.agentry.tasks;

import io.agentry.http.WireEnum;

/** Urgent tasks are dispatched first, then high, medium and low; within one priority, oldest first. */
public enum TaskPriority implements WireEnum {
    LOW("low", 0), MEDIUM("medium", 1), HIGH("high", 2), URGENT("urgent", 3);

    private final String wire;
    private final int rank;

    TaskPriority(String wire, int rank) {
        this.wire = wire;
        this.rank = rank;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The job priority it dispatches with. */
    public int rank() {
        return rank;
    }
}
