package io.agentry.webhooks;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One POST of a delivery (a row of webhook_attempts): when, what the receiver answered (or why nothing), how long it took. */
record WebhookAttempt(UUID id, UUID deliveryId, OffsetDateTime attemptedAt, Integer statusCode, int durationMs, String error) {
}
