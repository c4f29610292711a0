package io.agentry.runs;

import io.agentry.http.ApiResult;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "RunMessage", description = "One entry of a run's transcript")
public record RunMessageView(
        @Schema UUID id,
        @Schema(nullable = true, description = "Pipeline: the step (0-based); orchestrator: the lead's round; "
                + "collaboration: the turn") Integer step,
        @Schema(nullable = true, example = "Research") String stepName,
        @Schema(nullable = true) UUID agentId,
        @Schema(nullable = true) String agentName,
        @Schema(enumeration = {"user", "step", "lead", "member", "facilitator"}) String role,
        @Schema(enumeration = {"input", "output", "skipped", "failed", "edited", "delegation", "delegation_result", "final"})
        String type,
        @Schema(nullable = true) String content,
        @Schema int promptTokens,
        @Schema int completionTokens,
        @Schema int tokens,
        @Schema(description = "Estimated cost of the model calls behind it (USD)") BigDecimal costUsd,
        @Schema(nullable = true, description = "When the agent started on it") OffsetDateTime startedAt,
        @Schema OffsetDateTime createdAt) implements ApiResult {

    static RunMessageView of(RunMessage m) {
        return new RunMessageView(m.id(), m.step(), m.stepName(), m.agentId(), m.agentName(), m.role().wire(), m.type().wire(),
                m.content(), m.promptTokens(), m.completionTokens(), m.promptTokens() + m.completionTokens(), m.costUsd(),
                m.startedAt(), m.createdAt());
    }
}
