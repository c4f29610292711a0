package io.agentry.webhooks;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A REST-hook subscription (a row of webhook_subscriptions): where to send which event, signed with its own secret (stored sealed). */
public class WebhookSubscription {

    private UUID id;
    private UUID organizationId;
    private String targetUrl;
    private String event;
    private String secret;
    private String status;
    private String disabledReason;
    private String description;
    private UUID createdBy;
    private OffsetDateTime createdAt;
    private OffsetDateTime updatedAt;

    /** A row as read ({@link WebhookStore}). */
    WebhookSubscription(UUID id, UUID organizationId, String targetUrl, String event, String secret, String status,
                        String disabledReason, String description, UUID createdBy, OffsetDateTime createdAt,
                        OffsetDateTime updatedAt) {
        this.id = id;
        this.organizationId = organizationId;
        this.targetUrl = targetUrl;
        this.event = event;
        this.secret = secret;
        this.status = status;
        this.disabledReason = disabledReason;
        this.description = description;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    WebhookSubscription(UUID id, UUID organizationId, String targetUrl, String event, String sealedSecret, String description,
                        UUID createdBy, OffsetDateTime now) {
        this.id = id;
        this.organizationId = organizationId;
        this.targetUrl = targetUrl;
        this.event = event;
        this.secret = sealedSecret;
        this.status = "active";
        this.description = description;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID getId() { return id; }
    public UUID getOrganizationId() { return organizationId; }
    public String getTargetUrl() { return targetUrl; }
    public String getEvent() { return event; }
    String getSecret() { return secret; }
    public String getStatus() { return status; }
    public String getDisabledReason() { return disabledReason; }
    public String getDescription() { return description; }
    public UUID getCreatedBy() { return createdBy; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }

    void setTargetUrl(String targetUrl) { this.targetUrl = targetUrl; }
    void setEvent(String event) { this.event = event; }
    void setSecret(String sealed) { this.secret = sealed; }
    void setDescription(String description) { this.description = description; }

    void setStatus(String status, String reason, OffsetDateTime now) {
        this.status = status;
        this.disabledReason = reason;
        this.updatedAt = now;
    }

    void touch(OffsetDateTime now) {
        this.updatedAt = now;
    }
}
