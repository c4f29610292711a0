package io.agentry.tokens;

import io.agentry.http.ApiResult;
import io.agentry.http.SecretBearing;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ApiToken", description = "An API token. `token` is present only in the create response.")
public record TokenView(
        @Schema UUID id,
        @Schema(example = "Marketing site integration") String name,
        @Schema(description = "First characters of the token, for recognising it", example = "pk_99fa646d...") String prefix,
        @Schema(enumeration = {"active", "revoked", "expired"}, description = "expired: active but past expires_at") String status,
        @Schema(example = "[\"read\", \"write\"]") List<String> scopes,
        @Schema OffsetDateTime createdAt,
        @Schema(nullable = true) CreatedBy createdBy,
        @Schema(nullable = true) OffsetDateTime expiresAt,
        @Schema(nullable = true) OffsetDateTime revokedAt,
        @Schema(nullable = true, description = "Last authenticated call, or null if never used") OffsetDateTime lastUsedAt,
        @Schema(description = "Total authenticated calls made with this token") long callCount,
        @Schema(nullable = true, description = "The full secret: returned once, at creation, never again") String token)
        implements ApiResult, SecretBearing {

    @Override
    public TokenView withoutSecrets() {
        return new TokenView(id, name, prefix, status, scopes, createdAt, createdBy, expiresAt, revokedAt, lastUsedAt,
                callCount, null);
    }

    @Schema(name = "TokenCreator")
    public record CreatedBy(@Schema UUID id, @Schema(nullable = true) String email, @Schema(nullable = true) String name) {
    }
}
