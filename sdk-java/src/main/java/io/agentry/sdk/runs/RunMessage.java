package io.agentry.sdk.runs;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One entry of a run's transcript ({@link Run#messages()}), with the tokens and cost of the model
 * calls behind it.
 *
 * @param step      a pipeline's step (0-based), an orchestrator's round or a collaboration's
 *                  turn; null for the input
 * @param stepName  a pipeline step's name, else null
 * @param agentId   the agent that said it (for a delegation: the member asked), or null
 * @param content   the text: the input, an output, a delegated task, why a step failed
 * @param tokens    prompt plus completion tokens
 * @param startedAt when the agent started on it, or null
 */
public record RunMessage(
        UUID id,
        Integer step,
        String stepName,
        UUID agentId,
        String agentName,
        Role role,
        Type type,
        String content,
        int promptTokens,
        int completionTokens,
        int tokens,
        BigDecimal costUsd,
        OffsetDateTime startedAt,
        OffsetDateTime createdAt) {

    /** Who speaks. */
    public enum Role {
        /** The person who started the run, or who edited an output at a pause. */
        @JsonProperty("user") USER,
        /** A pipeline step's agent. */
        @JsonProperty("step") STEP,
        /** An orchestrator's lead. */
        @JsonProperty("lead") LEAD,
        /** An orchestrator's or a collaboration's member. */
        @JsonProperty("member") MEMBER,
        /** A collaboration's facilitator. */
        @JsonProperty("facilitator") FACILITATOR,
        /** A value added by a newer server. */
        @JsonEnumDefaultValue UNKNOWN
    }

    /** What the entry is. */
    public enum Type {
        /** The input task. */
        @JsonProperty("input") INPUT,
        /** A step's output, or a member's statement in a collaboration. */
        @JsonProperty("output") OUTPUT,
        /** A step skipped after it failed (on_failure skip), with why. */
        @JsonProperty("skipped") SKIPPED,
        /** A failed attempt of a step, with why. */
        @JsonProperty("failed") FAILED,
        /** The output a reviewer handed on instead at a pause. */
        @JsonProperty("edited") EDITED,
        /** The lead asking a member: the task it sent. */
        @JsonProperty("delegation") DELEGATION,
        /** A member's answer to a delegation. */
        @JsonProperty("delegation_result") DELEGATION_RESULT,
        /** The run's final answer (the lead's, the facilitator's). */
        @JsonProperty("final") FINAL,
        /** A value added by a newer server. */
        @JsonEnumDefaultValue UNKNOWN
    }
}
