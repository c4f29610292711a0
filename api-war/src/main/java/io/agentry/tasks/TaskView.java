package io.agentry.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.http.ApiResult;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Task", description = "A task handed to an agent or to a team (whose run serves it)")
public record TaskView(
        @Schema UUID id,
        @Schema(name = "workspace_id", description = "The organization") UUID workspaceId,
        @Schema(example = "Review PR #42") String title,
        @Schema(nullable = true) String description,
        @Schema(enumeration = {"low", "medium", "high", "urgent"}) String priority,
        @Schema(enumeration = {"pending", "dispatched", "running", "completed", "failed", "cancelled"}) String status,
        @Schema(nullable = true) UUID assignedAgentId,
        @Schema(nullable = true) UUID assignedTeamId,
        @Schema(nullable = true, description = "The agent's answer, once completed") String result,
        @Schema(nullable = true, description = "Why it failed (or, while dispatched again, why the last attempt did)") String error,
        @Schema(type = SchemaType.OBJECT) JsonNode metadata,
        @Schema long promptTokens,
        @Schema long completionTokens,
        @Schema long tokensTotal,
        @Schema(description = "Estimated cost of every model call made for it") BigDecimal costUsd,
        @Schema(description = "Runs started so far") int attempts,
        @Schema(nullable = true) UUID createdBy,
        @Schema OffsetDateTime createdAt,
        @Schema OffsetDateTime updatedAt,
        @Schema(nullable = true) OffsetDateTime startedAt,
        @Schema(nullable = true) OffsetDateTime completedAt) implements ApiResult {
}
