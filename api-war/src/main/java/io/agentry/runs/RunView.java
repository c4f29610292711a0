package io.agentry.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentry.http.ApiResult;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Run", description = "A team working on one input task")
public record RunView(
        @Schema UUID id,
        @Schema(name = "workspace_id", description = "The organization") UUID workspaceId,
        @Schema(nullable = true, description = "Null once the team is deleted (the run keeps its name and configuration)") UUID teamId,
        @Schema String teamName,
        @Schema(enumeration = {"pipeline", "orchestrator", "collaboration"}) String mode,
        @Schema(enumeration = {"pending", "running", "paused", "completed", "failed", "cancelled"}) String status,
        @Schema String inputTask,
        @Schema(nullable = true, description = "The team's answer, once completed") String output,
        @Schema(nullable = true) String error,
        @Schema(description = "Pipeline: the step it is at (0-based; the number of steps once done); orchestrator: the "
                + "lead's round; collaboration: turns taken") int currentStep,
        @Schema(nullable = true, description = "Pipeline: how many steps it has") Integer totalSteps,
        @Schema(nullable = true, description = "Pipeline, while paused: the output the next step will receive "
                + "(POST /runs/{id}/resume may replace it)") String pendingOutput,
        @Schema long promptTokens,
        @Schema long completionTokens,
        @Schema long tokensTotal,
        @Schema BigDecimal costUsd,
        @Schema(nullable = true, description = "The task the run serves, when a task was assigned to the team") UUID taskId,
        @Schema(nullable = true) UUID createdBy,
        @Schema OffsetDateTime createdAt,
        @Schema OffsetDateTime updatedAt,
        @Schema(nullable = true) OffsetDateTime startedAt,
        @Schema(nullable = true) OffsetDateTime completedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(type = SchemaType.ARRAY, implementation = RunMessageView.class, nullable = true,
                description = "The transcript, oldest first (only when one run is read)") List<RunMessageView> messages)
        implements ApiResult {
}
