package io.agentry.runs;

import io.agentry.http.auth.Caller;
import io.agentry.teams.TeamMode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A team run as a row of {@code team_runs}; {@code configJson} is the team's configuration when it started. */
public record Run(UUID id, UUID organizationId, UUID teamId, String teamName, TeamMode mode, String configJson,
                  RunStatus status, String inputTask, String output, String error, int currentStep, int stepAttempts,
                  String handoff, long promptTokens, long completionTokens, BigDecimal costUsd, UUID taskId, UUID createdBy,
                  UUID tokenId, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime startedAt,
                  OffsetDateTime completedAt, long version) {

    /** Who the run acts for: tools search with the rights of whoever started it. */
    public Caller caller() {
        return Caller.background(organizationId, createdBy, tokenId);
    }
}
