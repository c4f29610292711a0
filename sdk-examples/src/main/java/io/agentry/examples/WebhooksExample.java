package io.agentry.examples;

import io.agentry.sdk.AgentryClient;
import io.agentry.sdk.errors.WebhookVerificationException;
import io.agentry.sdk.hooks.Hook;
import io.agentry.sdk.hooks.HookCreateParams;
import io.agentry.sdk.hooks.HookEvent;
import io.agentry.sdk.hooks.WebhookDelivery;
import io.agentry.sdk.webhooks.WebhookEvent;
import io.agentry.sdk.webhooks.Webhooks;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Webhooks: subscribe a receiver to {@code task.completed}, keep the signing secret, and verify
 * messages the way a receiver must before trusting them. The receiver's URL comes from system
 * property {@code agentry.example.webhookUrl} or variable {@code AGENTRY_EXAMPLE_WEBHOOK_URL}
 * (the server must be able to reach it: a public address, unless its operator allows private ones).
 */
public final class WebhooksExample {

    public static void main(String[] args) {
        String url = setting("agentry.example.webhookUrl", "AGENTRY_EXAMPLE_WEBHOOK_URL");
        if (url == null) {
            System.out.println("Set agentry.example.webhookUrl or AGENTRY_EXAMPLE_WEBHOOK_URL to your receiver's URL to subscribe it");
            return;
        }
        try (AgentryClient client = AgentryClient.fromEnv()) {
            Hook hook = client.hooks().create(HookCreateParams.builder()
                    .targetUrl(url)
                    .event(HookEvent.TASK_COMPLETED)
                    .description("SDK example receiver")
                    .build());
            String secret = hook.secret(); // shown only now: keep it where the receiver can read it
            System.out.println("Signing secret " + secret.substring(0, Math.min(10, secret.length())) + "... (shown once; store it)");
            System.out.println("Subscribed " + hook.id() + " to " + hook.event().value());

            List<WebhookDelivery> log = client.hooks().deliveries(hook.id()).items();
            System.out.println(log.size() + " deliveries so far; each completed task will add one");

            // What the receiver does with each POST. Here a message is made and signed the way the
            // server does it, since this program is not the receiver.
            String messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");
            long signedAt = Instant.now().getEpochSecond();
            String body = "{\"type\":\"task.completed\",\"timestamp\":\"" + OffsetDateTime.now(ZoneOffset.UTC) + "\","
                    + "\"data\":{\"task_id\":\"" + UUID.randomUUID() + "\",\"status\":\"completed\",\"result_preview\":\"Done.\"}}";
            Map<String, List<String>> headers = Map.of(
                    "webhook-id", List.of(messageId),
                    "webhook-timestamp", List.of(Long.toString(signedAt)),
                    "webhook-signature", List.of(Webhooks.sign(secret, messageId, signedAt, body)));
            handle(body, headers, secret);
            handle(body.replace("Done.", "Pay me."), headers, secret); // changed on the way: refused

            System.out.println("The subscription stays active; remove it with client.hooks().delete(" + hook.id() + ")");
        }
    }

    /**
     * A receiver's handler: verify first (with the body exactly as received), act after. Answer
     * 2xx only for a verified message; a message already handled (the same webhook-id) is answered
     * 2xx again without acting twice, since a delivery may be retried.
     */
    public static void handle(String body, Map<String, List<String>> headers, String secret) {
        WebhookEvent event;
        try {
            event = Webhooks.verify(body, headers, secret);
        } catch (WebhookVerificationException e) {
            System.out.println("Refused (" + e.reason() + "): " + e.getMessage()); // answer 400: never act on it
            return;
        }
        System.out.println("Verified " + event.type() + " " + event.id());
        if ("task.completed".equals(event.type())) {
            System.out.println("Task " + event.data().path("task_id").asText() + ": " + event.data().path("result_preview").asText());
        }
    }

    private static String setting(String property, String variable) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(variable);
        }
        return v == null || v.isBlank() ? null : v.strip();
    }

    private WebhooksExample() {
    }
}
