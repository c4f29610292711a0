package io.agentry.sdk.runs;

import io.agentry.sdk.teams.TeamMode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A team working on one input task. The team's configuration is copied when the run starts, so
 * editing or deleting the team later does not change it.
 *
 * @param workspaceId      the organization
 * @param teamId           the team, or null once it has been deleted (the run keeps its name)
 * @param output           the team's answer, once {@link RunStatus#COMPLETED}
 * @param error            why it failed
 * @param currentStep      a pipeline's step (0-based; the number of steps once done), an
 *                         orchestrator's round, or a collaboration's turns taken
 * @param totalSteps       a pipeline's number of steps; null for the other modes
 * @param pendingOutput    while {@link RunStatus#PAUSED}: what the next step will receive unless
 *                         {@link RunService#resume(UUID, String)} replaces it
 * @param tokensTotal      prompt and completion tokens of every model call of the run
 * @param costUsd          the estimated cost of those calls
 * @param taskId           the task the run serves, when a task was assigned to the team
 * @param createdBy        the user whose token started it, or null
 * @param messages         the transcript, oldest first, when one run is read
 *                         ({@link RunService#retrieve}); null in lists
 */
public record Run(
        UUID id,
        UUID workspaceId,
        UUID teamId,
        String teamName,
        TeamMode mode,
        RunStatus status,
        String inputTask,
        String output,
        String error,
        int currentStep,
        Integer totalSteps,
        String pendingOutput,
        long promptTokens,
        long completionTokens,
        long tokensTotal,
        BigDecimal costUsd,
        UUID taskId,
        UUID createdBy,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime startedAt,
        OffsetDateTime completedAt,
        List<RunMessage> messages) {
}
