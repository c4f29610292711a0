package io.agentry.sdk.organizations;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * @param rateLimitPerMinute          the organization's own limit, or null for its plan's
 * @param effectiveRateLimitPerMinute the limit in force
 */
public record Organization(
        UUID id,
        String name,
        Plan plan,
        Integer rateLimitPerMinute,
        int effectiveRateLimitPerMinute,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
