package io.agentry.sdk.hooks;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.sdk.core.Json;

/**
 * The events a subscription can name, and the type of each delivery. {@link #ALL} ({@code *})
 * subscribes to every event, including those a newer server adds.
 */
public enum HookEvent {
    @JsonProperty("task.started") TASK_STARTED,
    @JsonProperty("task.completed") TASK_COMPLETED,
    @JsonProperty("task.failed") TASK_FAILED,
    @JsonProperty("task.cancelled") TASK_CANCELLED,
    @JsonProperty("run.started") RUN_STARTED,
    @JsonProperty("run.completed") RUN_COMPLETED,
    @JsonProperty("run.failed") RUN_FAILED,
    @JsonProperty("chat.completed") CHAT_COMPLETED,
    @JsonProperty("chat.failed") CHAT_FAILED,
    @JsonProperty("*") ALL,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN;

    /** The name on the wire, e.g. {@code task.completed} (the {@code type} of a webhook message). */
    public String value() {
        return Json.wire(this);
    }
}
