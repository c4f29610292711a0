package io.agentry.sdk.tasks;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A task's life: {@code PENDING} (no agent yet), {@code DISPATCHED} (queued for its agent),
 * {@code RUNNING}, then {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}. A failed attempt
 * that will be tried again goes back to {@code DISPATCHED} with the reason in {@code error}.
 */
public enum TaskStatus {
    @JsonProperty("pending") PENDING,
    @JsonProperty("dispatched") DISPATCHED,
    @JsonProperty("running") RUNNING,
    @JsonProperty("completed") COMPLETED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("cancelled") CANCELLED,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN;

    /** True for the statuses a task ends in: nothing changes it afterwards but a retry. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
