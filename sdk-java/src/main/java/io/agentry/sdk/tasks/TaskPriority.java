package io.agentry.sdk.tasks;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The order tasks are dispatched in: urgent first, then high, medium (the default) and low;
 * within one priority, oldest first. (The legacy API's {@code critical} is read by the server as
 * urgent.)
 */
public enum TaskPriority {
    @JsonProperty("low") LOW,
    @JsonProperty("medium") MEDIUM,
    @JsonProperty("high") HIGH,
    @JsonProperty("urgent") URGENT,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
