package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhook subscriptions and their deliveries, checked as a receiver would: signatures verified by
 * Standard Webhooks' reference library, one webhook-id across retries, Retry-After honoured, 410
 * disabling the subscription, the delivery log, redelivery, pause, secret rotation, isolation.
 */
class WebhooksIT {

    private static WebhookReceiver receiver;
    private static Api.Org org;
    private static Api api;
    private static String agent;

    @BeforeAll
    static void setUp() {
        FakeLlmServer.start();
        receiver = new WebhookReceiver();
        org = Api.createOrg("webhooks");
        api = org.api();
        agent = ChatIT.agent(api, "openai");
    }

    @AfterAll
    static void tearDown() {
        receiver.close();
    }

    private static JsonNode subscribe(String name, String event) {
        return api.post("/api/v1/hooks", obj("target_url", receiver.url(name), "event", event)).expect(201).data();
    }

    private static String completeTask(String title) {
        String id = Tasks.create(api, "title", title, "assigned_agent_id", agent).path("id").asText();
        Tasks.await(api, id, 20_000, "completed");
        return id;
    }

    @Test
    void aCompletedTaskIsAnnouncedSignedWithTheSubscriptionsSecret() throws Exception {
        JsonNode hook = subscribe("completed", "task_completed"); // the seed's spelling
        assertEquals("task.completed", hook.path("event").asText());
        assertEquals("active", hook.path("status").asText());
        String secret = hook.path("secret").asText();
        assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{43}="), secret);
        String hookId = hook.path("id").asText();
        assertTrue(api.get("/api/v1/hooks/" + hookId).expect(200).data().path("secret").isNull(), "the secret is shown once");

        String title = Api.unique("announce me");
        String task = completeTask(title);
        WebhookReceiver.Received message = receiver.await("completed", 1, 10_000).get(0);
        new Webhook(secret).verify(message.body(), message.httpHeaders());
        assertThrows(WebhookVerificationException.class, () -> new Webhook(WebhookReceiver.SERVER_SECRET)
                .verify(message.body(), message.httpHeaders()), "signed with the subscription's own secret");
        assertTrue(message.header("webhook-id").startsWith("msg_"), message.headers().toString());
        JsonNode body = message.json();
        assertEquals("task.completed", body.path("type").asText());
        assertFalse(body.path("timestamp").asText().isEmpty());
        JsonNode data = body.path("data");
        assertEquals(task, data.path("task_id").asText());
        assertEquals(title, data.path("task_title").asText());
        assertEquals("chat-openai", data.path("agent_name").asText());
        assertEquals("completed", data.path("status").asText());
        assertTrue(data.has("team_run_id") && data.path("team_run_id").isNull(), data.toString());
        assertEquals("Echo: " + title + " (2 messages)", data.path("result_full").asText());
        assertEquals(data.path("result_full").asText(), data.path("result_preview").asText());
        assertTrue(data.path("error").isNull());
        assertFalse(data.path("timestamp").asText().isEmpty());

        // the log shows the delivery and its one attempt
        JsonNode delivery = api.listAll("/api/v1/hooks/" + hookId + "/deliveries").get(0);
        assertEquals("delivered", delivery.path("status").asText(), delivery.toString());
        assertEquals(message.header("webhook-id"), delivery.path("message_id").asText());
        assertEquals(1, delivery.path("attempt_count").asInt());
        assertEquals(204, delivery.path("attempts").get(0).path("status_code").asInt());
        JsonNode one = api.get("/api/v1/hooks/" + hookId + "/deliveries/" + delivery.path("id").asText()).expect(200).data();
        assertEquals(task, one.path("payload").path("data").path("task_id").asText(), "the message sent is kept");

        // sent again on request: the same message and webhook-id
        api.post("/api/v1/hooks/" + hookId + "/deliveries/" + delivery.path("id").asText() + "/redeliver", null).expect(202);
        List<WebhookReceiver.Received> both = receiver.await("completed", 2, 10_000);
        assertEquals(2, both.size());
        assertEquals(both.get(0).header("webhook-id"), both.get(1).header("webhook-id"));
        assertEquals(both.get(0).body(), both.get(1).body());
        new Webhook(secret).verify(both.get(1).body(), both.get(1).httpHeaders());
    }

    @Test
    void failedDeliveriesAreRetriedWithOneWebhookIdAndRetryAfterIsHonoured() throws Exception {
        receiver.script("flaky", new int[] {503}, new int[] {503, 1}, new int[] {500});
        JsonNode hook = subscribe("flaky", "task.completed");
        String task = completeTask(Api.unique("retry the hook"));
        List<WebhookReceiver.Received> posts = receiver.await("flaky", 4, 20_000);
        assertEquals(4, posts.size(), "three failures, then the success");
        assertEquals(1, posts.stream().map(p -> p.header("webhook-id")).distinct().count(), "one webhook-id for every attempt");
        for (WebhookReceiver.Received p : posts) {
            new Webhook(hook.path("secret").asText()).verify(p.body(), p.httpHeaders());
            assertEquals(task, p.json().path("data").path("task_id").asText());
        }
        long afterRetryAfter = (posts.get(2).atNanos() - posts.get(1).atNanos()) / 1_000_000;
        assertTrue(afterRetryAfter >= 950, "Retry-After: 1 was honoured: " + afterRetryAfter + " ms");
        JsonNode delivery = api.listAll("/api/v1/hooks/" + hook.path("id").asText() + "/deliveries").get(0);
        assertEquals("delivered", delivery.path("status").asText());
        assertEquals(List.of(503, 503, 500, 204), delivery.path("attempts").findValuesAsText("status_code").stream()
                .map(Integer::valueOf).toList());
        for (JsonNode attempt : delivery.path("attempts")) {
            assertTrue(attempt.path("duration_ms").asInt() >= 0);
            assertFalse(attempt.path("attempted_at").asText().isEmpty());
        }
    }

    @Test
    void aReceiverThatIsGoneDisablesItsSubscription() {
        receiver.script("gone", new int[] {410});
        JsonNode hook = subscribe("gone", "*");
        String hookId = hook.path("id").asText();
        completeTask(Api.unique("gone"));
        receiver.await("gone", 1, 10_000);
        long deadline = System.currentTimeMillis() + 5_000;
        JsonNode after = null;
        while (System.currentTimeMillis() < deadline) {
            after = api.get("/api/v1/hooks/" + hookId).expect(200).data();
            if (after.path("status").asText().equals("disabled")) {
                break;
            }
            Api.sleep(50);
        }
        assertEquals("disabled", after.path("status").asText(), after.toString());
        assertTrue(after.path("disabled_reason").asText().contains("410"), after.toString());
        // the first task's other event was queued before the 410 and may have been in flight then: let it settle
        java.util.UUID subscription = java.util.UUID.fromString(hookId);
        long settle = System.currentTimeMillis() + 5_000;
        while (Api.countRows("select count(*) from webhook_deliveries where subscription_id = ? and status = 'pending'",
                subscription) > 0 && System.currentTimeMillis() < settle) {
            Api.sleep(50);
        }
        int before = receiver.received("gone").size();
        completeTask(Api.unique("not sent"));
        Api.sleep(1_000);
        assertEquals(before, receiver.received("gone").size(), "a disabled subscription gets nothing");
        // the failed delivery is in the log, not retried
        JsonNode delivery = api.listAll("/api/v1/hooks/" + hookId + "/deliveries?status=failed").get(0);
        assertEquals(1, delivery.path("attempt_count").asInt());
        // resumed, it is sent to again
        assertEquals("active", api.post("/api/v1/hooks/" + hookId + "/resume", null).expect(200).data().path("status").asText());
        completeTask(Api.unique("sent again"));
        assertEquals(before + 2, receiver.await("gone", before + 2, 10_000).size(), "started and completed");
    }

    @Test
    void pausedSubscriptionsGetNothingAndRotatedSecretsSignWhatFollows() throws Exception {
        JsonNode hook = subscribe("rotate", "task.completed");
        String hookId = hook.path("id").asText();
        api.post("/api/v1/hooks/" + hookId + "/pause", null).expect(200);
        completeTask(Api.unique("while paused"));
        Api.sleep(800);
        assertEquals(0, receiver.received("rotate").size());
        api.patch("/api/v1/hooks/" + hookId, obj("status", "active")).expect(200);
        String rotated = api.post("/api/v1/hooks/" + hookId + "/rotate-secret", null).expect(200).data().path("secret").asText();
        assertFalse(rotated.equals(hook.path("secret").asText()));
        completeTask(Api.unique("after rotation"));
        WebhookReceiver.Received message = receiver.await("rotate", 1, 10_000).get(0);
        new Webhook(rotated).verify(message.body(), message.httpHeaders());
        assertThrows(WebhookVerificationException.class, () -> new Webhook(hook.path("secret").asText())
                .verify(message.body(), message.httpHeaders()));
    }

    @Test
    void everyTaskEventReachesASubscriptionToAll() {
        subscribe("all", "*");
        String task = completeTask(Api.unique("all events"));
        String refused = Tasks.create(api, "title", Api.unique("[fail:400] refused"), "assigned_agent_id", agent).path("id").asText();
        Tasks.await(api, refused, 20_000, "failed");
        String slow = Tasks.create(api, "title", Api.unique("[slow] cancelled"), "assigned_agent_id", agent).path("id").asText();
        Tasks.await(api, slow, 10_000, "running");
        api.post("/api/v1/tasks/" + slow + "/cancel", null).expect(200);
        Api.sleep(1_000);
        Set<String> types = receiver.await("all", 6, 10_000).stream().map(r -> r.json().path("data").path("task_id").asText()
                + " " + r.json().path("type").asText()).collect(Collectors.toSet());
        assertTrue(types.containsAll(Set.of(task + " task.started", task + " task.completed", refused + " task.started",
                refused + " task.failed", slow + " task.started", slow + " task.cancelled")), types.toString());
    }

    @Test
    void subscriptionsAreValidated() {
        api.post("/api/v1/hooks", obj("target_url", receiver.url("x"), "event", "task.exploded")).expectInvalid("event");
        api.post("/api/v1/hooks", obj("target_url", "ftp://example.com/x", "event", "task.completed")).expectInvalid("target_url");
        api.post("/api/v1/hooks", obj("target_url", "http://169.254.169.254/latest", "event", "task.completed"))
                .expectInvalid("target_url");
        api.post("/api/v1/hooks", obj("target_url", "http://10.1.2.3/hook", "event", "task.completed")).expectInvalid("target_url");
        api.post("/api/v1/hooks", obj("event", "task.completed")).expectInvalid("target_url");
        api.post("/api/v1/hooks", obj("target_url", receiver.url("x"))).expectInvalid("event");
        api.post("/api/v1/hooks", obj("target_url", receiver.url("x"), "event", "*", "zz", 1)).expectInvalid("zz");
        api.get("/api/v1/hooks?status=sleeping").expectInvalid("status");
        String hookId = subscribe("validated", "run.completed").path("id").asText();
        api.patch("/api/v1/hooks/" + hookId, obj("status", "disabled")).expectInvalid("status");
        api.patch("/api/v1/hooks/" + hookId, obj("event", "chat_completed")).expect(200);
        assertEquals("chat.completed", api.get("/api/v1/hooks/" + hookId).expect(200).data().path("event").asText());
        api.get("/api/v1/hooks/" + hookId + "/deliveries?status=lost").expectInvalid("status");
        api.get("/api/v1/hooks/" + hookId + "/deliveries/" + UUID.randomUUID()).expectError(404, "not_found");
        api.delete("/api/v1/hooks/" + hookId).expect(204);
        api.get("/api/v1/hooks/" + hookId).expectError(404, "not_found");
    }

    @Test
    void anotherOrganizationCanNeitherSeeNorTouchASubscription() {
        String hookId = subscribe("isolated", "task.completed").path("id").asText();
        completeTask(Api.unique("isolated"));
        receiver.await("isolated", 1, 10_000);
        String deliveryId = api.listAll("/api/v1/hooks/" + hookId + "/deliveries").get(0).path("id").asText();
        JsonNode before = api.get("/api/v1/hooks/" + hookId).expect(200).data();
        Api b = Api.createOrg("webhooks-other").api();
        String path = "/api/v1/hooks/" + hookId;
        b.get(path).expectError(404, "not_found");
        b.patch(path, obj("target_url", "http://127.0.0.1:9/x")).expectError(404, "not_found");
        b.post(path + "/pause", null).expectError(404, "not_found");
        b.post(path + "/resume", null).expectError(404, "not_found");
        b.post(path + "/rotate-secret", null).expectError(404, "not_found");
        b.get(path + "/deliveries").expectError(404, "not_found");
        b.get(path + "/deliveries/" + deliveryId).expectError(404, "not_found");
        b.post(path + "/deliveries/" + deliveryId + "/redeliver", null).expectError(404, "not_found");
        b.delete(path).expectError(404, "not_found");
        assertFalse(b.listAllIds("/api/v1/hooks").contains(hookId));
        // B's own subscription never hears A's events
        b.post("/api/v1/hooks", obj("target_url", receiver.url("b-only"), "event", "*")).expect(201);
        completeTask(Api.unique("A only"));
        Api.sleep(1_000);
        assertEquals(0, receiver.received("b-only").size());
        assertEquals(before, api.get("/api/v1/hooks/" + hookId).expect(200).data());
    }
}
