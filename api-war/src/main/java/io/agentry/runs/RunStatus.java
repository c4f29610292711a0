package io.agentry.runs;

import io.agentry.http.WireEnum;

/** A run's life: pending (queued), running, paused (waiting for a review), then completed, failed or cancelled. */
public enum RunStatus implements WireEnum {
    PENDING, RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
