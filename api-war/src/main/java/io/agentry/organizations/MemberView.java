package io.agentry.organizations;

import io.agentry.http.ApiResult;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Member")
public record MemberView(
        @Schema UUID userId,
        @Schema(nullable = true) String email,
        @Schema(nullable = true) String name,
        @Schema(enumeration = {"owner", "admin", "member"}) String role,
        @Schema OffsetDateTime createdAt) implements ApiResult {
}
