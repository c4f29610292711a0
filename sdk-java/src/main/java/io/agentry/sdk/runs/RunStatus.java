package io.agentry.sdk.runs;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A run's life: {@code PENDING} (queued), {@code RUNNING}, {@code PAUSED} (a pipeline without
 * auto-handoff waiting for {@link RunService#resume}), then {@code COMPLETED}, {@code FAILED} or
 * {@code CANCELLED}.
 */
public enum RunStatus {
    /** Queued: it starts as soon as a worker is free. */
    @JsonProperty("pending") PENDING,
    /** Its agents are at work. */
    @JsonProperty("running") RUNNING,
    /** A pipeline without auto-handoff, waiting after a step for {@link RunService#resume}. */
    @JsonProperty("paused") PAUSED,
    /** Done: {@link Run#output()} holds the team's answer. */
    @JsonProperty("completed") COMPLETED,
    /** Stopped by a failure: {@link Run#error()} says why. */
    @JsonProperty("failed") FAILED,
    /** Stopped by {@link RunService#cancel} (or its task's cancellation). */
    @JsonProperty("cancelled") CANCELLED,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN;

    /**
     * Whether a run in this status has ended.
     *
     * @return true for the statuses a run ends in: nothing changes it afterwards
     */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
