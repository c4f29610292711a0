package io.agentry.teams;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A team as a row of {@code teams}; its configuration is the JSON {@link TeamConfig} wrote. */
public record Team(UUID id, UUID organizationId, String name, String description, TeamMode mode, String configJson, UUID createdBy,
            OffsetDateTime createdAt, OffsetDateTime updatedAt, long version) {
}
