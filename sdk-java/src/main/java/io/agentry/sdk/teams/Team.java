package io.agentry.sdk.teams;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.sdk.core.Json;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Agents working together in one {@link TeamMode}.
 *
 * @param workspaceId the organization
 * @param config      the mode's configuration as stored, defaults filled in ({@link #typedConfig()})
 * @param members     every agent the configuration names, in order
 */
public record Team(
        UUID id,
        UUID workspaceId,
        String name,
        String description,
        TeamMode mode,
        JsonNode config,
        List<TeamMember> members,
        UUID createdBy,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /**
     * The configuration as its mode's type; null for a pipeline created without steps (or a mode
     * this SDK does not know).
     */
    public TeamConfig typedConfig() {
        if (config == null || config.isEmpty()) {
            return null;
        }
        return switch (mode) {
            case PIPELINE -> Json.convert(config, TeamConfig.Pipeline.class);
            case ORCHESTRATOR -> Json.convert(config, TeamConfig.Orchestrator.class);
            case COLLABORATION -> Json.convert(config, TeamConfig.Collaboration.class);
            case UNKNOWN -> null;
        };
    }
}
