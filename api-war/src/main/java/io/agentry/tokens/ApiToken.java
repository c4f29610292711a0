package io.agentry.tokens;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * An organization's API token. Only the SHA-256 of the secret is stored; revocation is final and
 * keeps the record, its counters and who created it.
 */
@Entity
@Table(name = "api_tokens")
public class ApiToken {

    @Id
    private UUID id;
    @Column(name = "organization_id")
    private UUID organizationId;
    private String name;
    @Column(name = "token_hash")
    private String tokenHash;
    private String prefix;
    private String scopes;
    private String status;
    @Column(name = "created_by")
    private UUID createdBy;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "expires_at")
    private OffsetDateTime expiresAt;
    @Column(name = "revoked_at")
    private OffsetDateTime revokedAt;
    @Column(name = "last_used_at")
    private OffsetDateTime lastUsedAt;
    @Column(name = "call_count")
    private long callCount;

    protected ApiToken() {
    }

    public ApiToken(UUID id, UUID organizationId, String name, String tokenHash, String prefix, List<String> scopes,
                    UUID createdBy, OffsetDateTime createdAt, OffsetDateTime expiresAt) {
        this.id = id;
        this.organizationId = organizationId;
        this.name = name;
        this.tokenHash = tokenHash;
        this.prefix = prefix;
        this.scopes = String.join(" ", scopes);
        this.status = "active";
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public UUID getId() { return id; }
    public UUID getOrganizationId() { return organizationId; }
    public String getName() { return name; }
    public String getTokenHash() { return tokenHash; }
    public String getPrefix() { return prefix; }
    public List<String> getScopes() { return scopes.isBlank() ? List.of() : Arrays.asList(scopes.split(" ")); }
    public String getStatus() { return status; }
    public boolean isActive() { return "active".equals(status); }
    public UUID getCreatedBy() { return createdBy; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getExpiresAt() { return expiresAt; }
    public OffsetDateTime getRevokedAt() { return revokedAt; }
    public OffsetDateTime getLastUsedAt() { return lastUsedAt; }
    public long getCallCount() { return callCount; }

    public void rename(String name) {
        this.name = name;
    }

    public void revoke(OffsetDateTime now) {
        if (isActive()) {
            status = "revoked";
            revokedAt = now;
        }
    }
}
