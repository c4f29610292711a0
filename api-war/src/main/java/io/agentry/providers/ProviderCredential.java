package io.agentry.providers;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/** An organization's own endpoint and (sealed) key for one provider. */
@Entity
@Table(name = "provider_credentials")
@IdClass(ProviderCredential.Key.class)
public class ProviderCredential {

    @Id
    @Column(name = "organization_id")
    private UUID organizationId;
    @Id
    private String provider;
    @Column(name = "base_url")
    private String baseUrl;
    @Column(name = "api_key_sealed")
    private String apiKeySealed;
    @Column(name = "api_key_hint")
    private String apiKeyHint;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;

    protected ProviderCredential() {
    }

    public ProviderCredential(UUID organizationId, String provider, OffsetDateTime now) {
        this.organizationId = organizationId;
        this.provider = provider;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID getOrganizationId() { return organizationId; }
    public String getProvider() { return provider; }
    public String getBaseUrl() { return baseUrl; }
    public String getApiKeySealed() { return apiKeySealed; }
    public String getApiKeyHint() { return apiKeyHint; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }

    void replace(String baseUrl, String apiKeySealed, String apiKeyHint, OffsetDateTime now) {
        this.baseUrl = baseUrl;
        this.apiKeySealed = apiKeySealed;
        this.apiKeyHint = apiKeyHint;
        this.updatedAt = now;
    }

    public static class Key implements Serializable {
        private UUID organizationId;
        private String provider;

        public Key() {
        }

        public Key(UUID organizationId, String provider) {
            this.organizationId = organizationId;
            this.provider = provider;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(organizationId, k.organizationId) && Objects.equals(provider, k.provider);
        }

        @Override
        public int hashCode() {
            return Objects.hash(organizationId, provider);
        }
    }
}
