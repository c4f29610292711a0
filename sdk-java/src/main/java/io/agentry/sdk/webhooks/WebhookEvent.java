package io.agentry.sdk.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/**
 * A verified webhook message: the Standard Webhooks body {@code {type, timestamp, data}} and the
 * message's id. Fields the body lacks are null.
 *
 * @param id        the {@code webhook-id} header: the same on every attempt of one message, so a
 *                  receiver that has already handled it can answer 2xx and do nothing
 * @param type      e.g. {@code task.completed} (see {@link io.agentry.sdk.hooks.HookEvent}); kept as
 *                  sent, so types newer than this SDK are readable
 * @param timestamp when the event happened (not when this attempt was signed)
 * @param data      the event's fields, e.g. {@code task_id}, {@code status}, {@code result_full}
 */
public record WebhookEvent(String id, String type, OffsetDateTime timestamp, JsonNode data) {
}
