package io.agentry.organizations;

import io.agentry.http.ApiResult;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Organization")
public record OrganizationView(
        @Schema UUID id,
        @Schema(example = "Acme") String name,
        @Schema(enumeration = {"free", "pro", "team", "enterprise"}) String plan,
        @Schema(nullable = true, description = "Override of the plan's per-minute request budget") Integer rateLimitPerMinute,
        @Schema(description = "The budget in force: the override, else the plan's") int effectiveRateLimitPerMinute,
        @Schema OffsetDateTime createdAt,
        @Schema OffsetDateTime updatedAt) implements ApiResult {
}
