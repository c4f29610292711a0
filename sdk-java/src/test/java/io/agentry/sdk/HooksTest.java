package io.agentry.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.sdk.core.Page;
import io.agentry.sdk.hooks.DeliveryListParams;
import io.agentry.sdk.hooks.DeliveryStatus;
import io.agentry.sdk.hooks.Hook;
import io.agentry.sdk.hooks.HookCreateParams;
import io.agentry.sdk.hooks.HookEvent;
import io.agentry.sdk.hooks.HookListParams;
import io.agentry.sdk.hooks.HookStatus;
import io.agentry.sdk.hooks.HookUpdateParams;
import io.agentry.sdk.hooks.WebhookDelivery;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Webhook subscriptions: the secret shown once, the actions, and the delivery log. */
class HooksTest extends WireMockSupport {

    private static final UUID HOOK_ID = UUID.fromString("5b1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b1");
    private static final UUID DELIVERY_ID = UUID.fromString("4c1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b2");
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final String HOOK = """
            {"id": "%s", "workspace_id": "0f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b9", "target_url": "https://hooks.example.com/agentry",
             "event": "task.completed", "status": "active", "disabled_reason": null, "description": "CI",
             "created_at": "2026-11-23T10:00:00Z", "updated_at": "2026-11-23T10:00:00Z", "secret": %s}""";

    private static String hook(String secret) {
        return HOOK.formatted(HOOK_ID, secret == null ? "null" : "\"" + secret + "\"");
    }

    private static final String DELIVERY = """
            {"id": "%s", "hook_id": "%s", "event_type": "task.completed", "message_id": "msg_2b4f00aa",
             "status": "failed", "attempt_count": 2, "last_status_code": 500, "last_error": "HTTP 500",
             "next_attempt_at": null, "created_at": "2026-11-23T10:00:00Z", "delivered_at": null, "payload": %s,
             "attempts": [
               {"attempted_at": "2026-11-23T10:00:01Z", "status_code": null, "duration_ms": 10000, "error": "timed out"},
               {"attempted_at": "2026-11-23T10:00:06Z", "status_code": 500, "duration_ms": 35, "error": "HTTP 500"}]}""";

    private static String delivery(String payload) {
        return DELIVERY.formatted(DELIVERY_ID, HOOK_ID, payload);
    }

    @Test
    void createReturnsTheSecretOnceAndNeverPrintsIt() {
        server.stubFor(post(urlEqualTo("/api/v1/hooks")).willReturn(aResponse().withStatus(201).withBody(envelope(hook(SECRET)))));
        Hook hook = client.hooks().create(HookCreateParams.builder().targetUrl("https://hooks.example.com/agentry")
                .event(HookEvent.TASK_COMPLETED).description("CI").build());
        assertEquals(SECRET, hook.secret());
        assertEquals(HookEvent.TASK_COMPLETED, hook.event());
        assertEquals("task.completed", hook.event().value());
        assertEquals(HookStatus.ACTIVE, hook.status());
        assertEquals("https://hooks.example.com/agentry", hook.targetUrl());
        assertFalse(hook.toString().contains("MfKQ9r8"), hook.toString());
        server.verify(postRequestedFor(urlEqualTo("/api/v1/hooks")).withRequestBody(equalToJson(
                "{\"target_url\": \"https://hooks.example.com/agentry\", \"event\": \"task.completed\", \"description\": \"CI\"}")));

        server.stubFor(get(urlEqualTo("/api/v1/hooks/" + HOOK_ID)).willReturn(aResponse().withStatus(200).withBody(envelope(hook(null)))));
        assertNull(client.hooks().retrieve(HOOK_ID).secret(), "read back, the secret is gone");
    }

    @Test
    void targetUrlAndEventAreRequiredAndAllIsTheStar() {
        assertThrows(IllegalStateException.class, () -> HookCreateParams.builder().event(HookEvent.ALL).build());
        assertThrows(IllegalStateException.class, () -> HookCreateParams.builder().targetUrl("https://x.example.com").build());
        assertThrows(IllegalArgumentException.class, () -> HookCreateParams.builder().event(HookEvent.UNKNOWN));
        assertEquals("*", HookCreateParams.builder().targetUrl("https://x.example.com").event(HookEvent.ALL).build().body().get("event"));
        assertEquals("team_run.completed",
                HookCreateParams.builder().targetUrl("https://x.example.com").event("team_run.completed").build().body().get("event"));
        assertThrows(IllegalArgumentException.class, () -> HookUpdateParams.builder().status(HookStatus.DISABLED));
    }

    @Test
    void pauseResumeRotateAndUpdate() {
        server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody(envelope(hook(null)))));
        server.stubFor(post(urlEqualTo("/api/v1/hooks/" + HOOK_ID + "/rotate-secret"))
                .willReturn(aResponse().withStatus(200).withBody(envelope(hook("whsec_bmV3IHNlY3JldA==")))));
        client.hooks().pause(HOOK_ID);
        client.hooks().resume(HOOK_ID);
        assertEquals("whsec_bmV3IHNlY3JldA==", client.hooks().rotateSecret(HOOK_ID).secret());
        server.verify(postRequestedFor(urlEqualTo("/api/v1/hooks/" + HOOK_ID + "/pause")));
        server.verify(postRequestedFor(urlEqualTo("/api/v1/hooks/" + HOOK_ID + "/resume")));
        server.verify(postRequestedFor(urlEqualTo("/api/v1/hooks/" + HOOK_ID + "/rotate-secret")));

        server.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(200).withBody(envelope(hook(null)))));
        client.hooks().update(HOOK_ID, HookUpdateParams.builder().status(HookStatus.PAUSED).description(null).build());
        server.verify(patchRequestedFor(urlEqualTo("/api/v1/hooks/" + HOOK_ID))
                .withRequestBody(equalToJson("{\"status\": \"paused\", \"description\": null}")));
    }

    @Test
    void listingFiltersByStatusAndToleratesNewValues() {
        server.stubFor(get(urlPathEqualTo("/api/v1/hooks")).willReturn(aResponse().withStatus(200).withBody(envelope(
                "{\"items\": [" + hook(null).replace("\"status\": \"active\"", "\"status\": \"quarantined\"")
                        .replace("\"event\": \"task.completed\"", "\"event\": \"team.completed\"")
                        + "], \"next_cursor\": null, \"has_more\": false}"))));
        Hook hook = client.hooks().list(HookListParams.builder().status(HookStatus.DISABLED).build()).items().get(0);
        assertEquals(HookStatus.UNKNOWN, hook.status());
        assertEquals(HookEvent.UNKNOWN, hook.event());
        server.verify(getRequestedFor(urlPathEqualTo("/api/v1/hooks")).withQueryParam("status", equalTo("disabled")));
    }

    @Test
    void theDeliveryLogPagesWithItsFilterAndAttempts() {
        server.stubFor(get(urlPathEqualTo("/api/v1/hooks/" + HOOK_ID + "/deliveries")).withQueryParam("cursor", absent())
                .willReturn(aResponse().withStatus(200).withBody(envelope("{\"items\": [" + delivery("null")
                        + "], \"next_cursor\": \"d.2\", \"has_more\": true}"))));
        server.stubFor(get(urlPathEqualTo("/api/v1/hooks/" + HOOK_ID + "/deliveries")).withQueryParam("cursor", equalTo("d.2"))
                .willReturn(aResponse().withStatus(200).withBody(envelope("{\"items\": [" + delivery("null")
                        + "], \"next_cursor\": null, \"has_more\": false}"))));
        Page<WebhookDelivery> page = client.hooks().deliveries(HOOK_ID,
                DeliveryListParams.builder().status(DeliveryStatus.FAILED).limit(1).build());
        WebhookDelivery d = page.items().get(0);
        assertEquals(HOOK_ID, d.hookId());
        assertEquals(HookEvent.TASK_COMPLETED, d.eventType());
        assertEquals("msg_2b4f00aa", d.messageId());
        assertEquals(DeliveryStatus.FAILED, d.status());
        assertEquals(2, d.attemptCount());
        assertEquals(500, d.lastStatusCode());
        assertNull(d.payload(), "a list carries no payload, and JSON null is read as null");
        assertEquals(2, d.attempts().size());
        assertNull(d.attempts().get(0).statusCode(), "nothing answered the first attempt");
        assertEquals("timed out", d.attempts().get(0).error());
        assertEquals(10000, d.attempts().get(0).durationMs());
        assertEquals(OffsetDateTime.parse("2026-11-23T10:00:06Z"), d.attempts().get(1).attemptedAt());
        assertEquals(2, page.autoPager().stream().count());
        server.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/hooks/" + HOOK_ID + "/deliveries"))
                .withQueryParam("status", equalTo("failed")).withQueryParam("limit", equalTo("1")));
    }

    @Test
    void oneDeliveryCarriesItsPayload() {
        server.stubFor(get(urlEqualTo("/api/v1/hooks/" + HOOK_ID + "/deliveries/" + DELIVERY_ID)).willReturn(aResponse().withStatus(200)
                .withBody(envelope(delivery("{\"type\": \"task.completed\", \"timestamp\": \"2026-11-23T10:00:00Z\","
                        + " \"data\": {\"task_id\": \"t1\", \"status\": \"completed\"}}")))));
        WebhookDelivery d = client.hooks().delivery(HOOK_ID, DELIVERY_ID);
        assertEquals("task.completed", d.payload().path("type").asText());
        assertEquals("t1", d.payload().path("data").path("task_id").asText());
    }

    @Test
    void redeliverIsAcceptedWith202() {
        server.stubFor(post(urlEqualTo("/api/v1/hooks/" + HOOK_ID + "/deliveries/" + DELIVERY_ID + "/redeliver"))
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json").withBody(envelope(
                        delivery("{\"type\": \"task.completed\", \"data\": {}}").replace("\"status\": \"failed\"", "\"status\": \"pending\"")
                                .replace("\"next_attempt_at\": null", "\"next_attempt_at\": \"2026-11-23T11:00:00Z\"")))));
        WebhookDelivery d = client.hooks().redeliver(HOOK_ID, DELIVERY_ID);
        assertEquals(DeliveryStatus.PENDING, d.status());
        assertEquals(OffsetDateTime.parse("2026-11-23T11:00:00Z"), d.nextAttemptAt());
        assertEquals("msg_2b4f00aa", d.messageId(), "the same message id as before");
        assertTrue(d.payload().has("type"));
        server.verify(1, postRequestedFor(urlEqualTo("/api/v1/hooks/" + HOOK_ID + "/deliveries/" + DELIVERY_ID + "/redeliver")));
        assertEquals(List.of(), pauses, "a 202 is a success: nothing retried");
    }
}
