package io.agentry.webhooks;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One message to one receiver (the outbox row of webhook_deliveries), written with the change it announces and
 * delivered by a job; {@code messageId} is its webhook-id on every attempt.
 */
public class WebhookDelivery {

    private final UUID id;
    private final UUID organizationId;
    private final UUID subscriptionId;
    private final String targetUrl;
    private final String eventType;
    private final String messageId;
    private final String body;
    private String status;
    private final int attempts;
    private final Integer lastStatusCode;
    private final String lastError;
    private OffsetDateTime nextAttemptAt;
    private final OffsetDateTime createdAt;
    private final OffsetDateTime deliveredAt;

    /** A row as read ({@link WebhookStore}). */
    WebhookDelivery(UUID id, UUID organizationId, UUID subscriptionId, String targetUrl, String eventType, String messageId,
                    String body, String status, int attempts, Integer lastStatusCode, String lastError,
                    OffsetDateTime nextAttemptAt, OffsetDateTime createdAt, OffsetDateTime deliveredAt) {
        this.id = id;
        this.organizationId = organizationId;
        this.subscriptionId = subscriptionId;
        this.targetUrl = targetUrl;
        this.eventType = eventType;
        this.messageId = messageId;
        this.body = body;
        this.status = status;
        this.attempts = attempts;
        this.lastStatusCode = lastStatusCode;
        this.lastError = lastError;
        this.nextAttemptAt = nextAttemptAt;
        this.createdAt = createdAt;
        this.deliveredAt = deliveredAt;
    }

    WebhookDelivery(UUID id, UUID organizationId, UUID subscriptionId, String targetUrl, String eventType, String messageId,
                    String body, OffsetDateTime now) {
        this(id, organizationId, subscriptionId, targetUrl, eventType, messageId, body, "pending", 0, null, null, now, now, null);
    }

    public UUID getId() { return id; }
    public UUID getOrganizationId() { return organizationId; }
    public UUID getSubscriptionId() { return subscriptionId; }
    public String getTargetUrl() { return targetUrl; }
    public String getEventType() { return eventType; }
    public String getMessageId() { return messageId; }
    public String getBody() { return body; }
    public String getStatus() { return status; }
    public int getAttempts() { return attempts; }
    public Integer getLastStatusCode() { return lastStatusCode; }
    public String getLastError() { return lastError; }
    public OffsetDateTime getNextAttemptAt() { return nextAttemptAt; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getDeliveredAt() { return deliveredAt; }

    void retryAt(OffsetDateTime at) {
        this.status = "pending";
        this.nextAttemptAt = at;
    }
}
