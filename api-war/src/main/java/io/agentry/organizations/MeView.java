package io.agentry.organizations;

import io.agentry.http.ApiResult;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The caller, in the union of the seeds' shapes (CrewForm's api-me fields plus organization detail). */
@Schema(name = "Me")
public record MeView(
        @Schema(nullable = true, description = "The user (for a token: the person who created it)") UUID id,
        @Schema(nullable = true) String email,
        @Schema(nullable = true) String name,
        @Schema UUID workspaceId,
        @Schema String workspaceName,
        @Schema OrganizationView organization,
        @Schema(enumeration = {"free", "pro", "team", "enterprise"}) String plan,
        @Schema(nullable = true, enumeration = {"owner", "admin", "member"}) String role,
        @Schema List<String> scopes,
        @Schema(enumeration = {"token", "jwt"}) String authType,
        @Schema(nullable = true) UUID tokenId,
        @Schema(description = "The response format in use: 1 (raw) or 2 (envelope)") int apiVersion) implements ApiResult {
}
