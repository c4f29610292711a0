package io.agentry.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.http.ApiResult;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "WebhookDelivery", description = "One message to a subscription's receiver and every attempt to send it")
public record DeliveryView(
        @Schema UUID id,
        @Schema UUID hookId,
        @Schema(example = "task.completed") String eventType,
        @Schema(description = "The webhook-id header, the same on every attempt", example = "msg_2b4f...") String messageId,
        @Schema(enumeration = {"pending", "delivered", "failed"}) String status,
        @Schema(description = "Attempts made so far") int attemptCount,
        @Schema(nullable = true) Integer lastStatusCode,
        @Schema(nullable = true) String lastError,
        @Schema(nullable = true) OffsetDateTime nextAttemptAt,
        @Schema OffsetDateTime createdAt,
        @Schema(nullable = true) OffsetDateTime deliveredAt,
        @Schema(type = SchemaType.OBJECT, nullable = true, description = "The message sent (in the single-delivery view)")
        JsonNode payload,
        @Schema List<AttemptView> attempts) implements ApiResult {

    @Schema(name = "WebhookAttempt")
    public record AttemptView(
            @Schema OffsetDateTime attemptedAt,
            @Schema(nullable = true, description = "The receiver's status; null when nothing answered") Integer statusCode,
            @Schema int durationMs,
            @Schema(nullable = true) String error) {
    }
}
