package io.agentry.sdk.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One message to a subscription's receiver, and every attempt to send it.
 *
 * @param eventType     the message's {@code type}
 * @param messageId     the {@code webhook-id} header, the same on every attempt (receivers dedupe on it)
 * @param attemptCount  attempts made so far
 * @param lastStatusCode what the receiver answered last, or null (nothing answered, or no attempt yet)
 * @param nextAttemptAt when it is tried again, while {@link DeliveryStatus#PENDING}
 * @param payload       the message sent ({@code {type, timestamp, data}}): only from
 *                      {@code delivery(hookId, deliveryId)} and {@code redeliver}, null in lists
 * @param attempts      oldest first; empty before the first attempt
 */
public record WebhookDelivery(
        UUID id,
        UUID hookId,
        HookEvent eventType,
        String messageId,
        DeliveryStatus status,
        int attemptCount,
        Integer lastStatusCode,
        String lastError,
        OffsetDateTime nextAttemptAt,
        OffsetDateTime createdAt,
        OffsetDateTime deliveredAt,
        JsonNode payload,
        List<Attempt> attempts) {

    public WebhookDelivery {
        payload = payload == null || payload.isNull() || payload.isMissingNode() ? null : payload; // JSON null reads as NullNode
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /**
     * One POST to the receiver.
     *
     * @param statusCode what the receiver answered; null when nothing answered (see {@code error})
     * @param durationMs how long the attempt took
     */
    public record Attempt(OffsetDateTime attemptedAt, Integer statusCode, int durationMs, String error) {
    }
}
