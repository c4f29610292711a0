package io.agentry.runs;

import io.agentry.http.WireEnum;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One entry of a run's transcript, as a row of {@code team_run_messages}. */
public record RunMessage(UUID id, UUID runId, int seq, Integer step, String stepName, UUID agentId, String agentName,
                         Role role, Type type, String content, int promptTokens, int completionTokens, BigDecimal costUsd,
                         OffsetDateTime startedAt, OffsetDateTime createdAt) {

    /** Who speaks: the person who started the run, a pipeline step, the lead, a member, the facilitator. */
    public enum Role implements WireEnum {
        USER, STEP, LEAD, MEMBER, FACILITATOR
    }

    /** What the entry is. */
    public enum Type implements WireEnum {
        /** The input task. */
        INPUT,
        /** A step's output, a member's statement in a collaboration. */
        OUTPUT,
        /** A step skipped after it failed (on_failure skip), with why. */
        SKIPPED,
        /** A failed attempt of a step, with why. */
        FAILED,
        /** The output a reviewer handed on instead at a pause. */
        EDITED,
        /** The lead asking a member (its task). */
        DELEGATION,
        /** A member's answer to a delegation. */
        DELEGATION_RESULT,
        /** The run's final answer (the lead's, the facilitator's). */
        FINAL
    }
}
