package io.agentry.sdk.agents;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

public enum AgentStatus {
    @JsonProperty("idle") IDLE,
    @JsonProperty("busy") BUSY,
    @JsonProperty("offline") OFFLINE,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
