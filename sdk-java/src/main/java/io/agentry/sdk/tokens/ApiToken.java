package io.agentry.sdk.tokens;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An API token's record. The secret itself ({@link #token()}) is present only in the response
 * that created the token: store it then, the server keeps only a hash.
 */
public record ApiToken(
        UUID id,
        String name,
        String prefix,
        TokenStatus status,
        List<String> scopes,
        OffsetDateTime createdAt,
        Creator createdBy,
        OffsetDateTime expiresAt,
        OffsetDateTime revokedAt,
        OffsetDateTime lastUsedAt,
        long callCount,
        String token) {

    /** The full secret: only right after {@code create}. */
    public Optional<String> secret() {
        return Optional.ofNullable(token);
    }

    @Override
    public String toString() { // never prints the secret
        return "ApiToken[id=" + id + ", name=" + name + ", prefix=" + prefix + ", status=" + status + ", scopes=" + scopes + "]";
    }

    /** Who created the token. */
    public record Creator(UUID id, String email, String name) {
    }
}
