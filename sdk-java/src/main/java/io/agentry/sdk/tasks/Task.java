package io.agentry.sdk.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A piece of work handed to an agent or a team. Created with either it is dispatched at once;
 * without one it stays {@link TaskStatus#PENDING} until one is assigned. A team's task is served
 * by a team run ({@code client.runs().list(...)} shows it, with its {@code taskId}).
 *
 * @param workspaceId     the organization
 * @param result          the agent's answer (a team's: its run's output), once {@link TaskStatus#COMPLETED}
 * @param error           why it failed, or, while dispatched again, why the last attempt did
 * @param tokensTotal     prompt and completion tokens of every model call made for it
 * @param costUsd         the estimated cost of those calls
 * @param attempts        runs started so far
 * @param createdBy       the user whose token created it, or null
 */
public record Task(
        UUID id,
        UUID workspaceId,
        String title,
        String description,
        TaskPriority priority,
        TaskStatus status,
        UUID assignedAgentId,
        UUID assignedTeamId,
        String result,
        String error,
        JsonNode metadata,
        long promptTokens,
        long completionTokens,
        long tokensTotal,
        BigDecimal costUsd,
        int attempts,
        UUID createdBy,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime startedAt,
        OffsetDateTime completedAt) {
}
