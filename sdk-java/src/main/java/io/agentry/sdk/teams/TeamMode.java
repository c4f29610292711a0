package io.agentry.sdk.teams;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** How a team's agents work together; each mode has its {@link TeamConfig}. */
public enum TeamMode {
    /** Steps in order, each step's output handed to the next: {@link TeamConfig.Pipeline}. */
    @JsonProperty("pipeline") PIPELINE,
    /** A lead agent delegating to members through one tool per member: {@link TeamConfig.Orchestrator}. */
    @JsonProperty("orchestrator") ORCHESTRATOR,
    /** Members taking turns in one transcript: {@link TeamConfig.Collaboration}. */
    @JsonProperty("collaboration") COLLABORATION,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
