package it;

import static it.Api.obj;
import static it.ChatIT.agent;
import static it.ChatIT.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conversations and usage APIs around chat, asynchronous replies to a webhook, organization
 * isolation, and bad chat input (4xx, nothing stored).
 */
class ConversationsIT {

    private static Api.Org org;
    private static Api api;

    @BeforeAll
    static void setUp() {
        FakeLlmServer.start();
        org = Api.createOrg("conversations");
        api = org.api();
    }

    @Test
    void conversationsAreListedFilteredChangedAndDeleted() {
        String agentA = agent(api, "openai");
        String agentB = agent(api, "ollama");
        String c1 = chat(api, agentA, "message", "one").expect(200).data().path("conversation_id").asText();
        String c2 = chat(api, agentA, "message", "two").expect(200).data().path("conversation_id").asText();
        String c3 = chat(api, agentB, "message", "three").expect(200).data().path("conversation_id").asText();

        assertEquals(List.of(c2, c1), api.listAllIds("/api/v1/conversations?agent_id=" + agentA), "newest first");
        assertEquals(List.of(c3), api.listAllIds("/api/v1/conversations?agent_id=" + agentB));
        assertTrue(api.listAllIds("/api/v1/conversations").containsAll(List.of(c1, c2, c3)));
        assertEquals(1, api.get("/api/v1/conversations?agent_id=" + agentA + "&limit=1").items().size());
        assertEquals(c2, api.get("/api/v1/conversations?agent_id=" + agentA + "&limit=1").ids().get(0));
        assertEquals(List.of(c1), api.get("/api/v1/conversations?agent_id=" + agentA + "&limit=1&cursor="
                + api.v2().get("/api/v1/conversations?agent_id=" + agentA + "&limit=1").json().path("data").path("next_cursor").asText())
                .ids());

        JsonNode patched = api.patch("/api/v1/conversations/" + c1, obj("title", "Renamed", "status", "archived",
                "metadata", obj("crm", "T-1"))).expect(200).data();
        assertEquals("Renamed", patched.path("title").asText());
        assertEquals("archived", patched.path("status").asText());
        assertEquals("T-1", patched.path("metadata").path("crm").asText());
        assertEquals(List.of(c1), api.listAllIds("/api/v1/conversations?agent_id=" + agentA + "&status=archived"));
        assertEquals(List.of(c2), api.listAllIds("/api/v1/conversations?agent_id=" + agentA + "&status=open"));
        chat(api, agentA, "message", "more", "conversation_id", c1).expectError(409, "conflict");
        api.patch("/api/v1/conversations/" + c1, obj("status", "open")).expect(200);
        chat(api, agentA, "message", "more", "conversation_id", c1).expect(200);
        String since = api.get("/api/v1/conversations/" + c1).expect(200).data().path("updated_at").asText();
        assertEquals(List.of(c1), api.listAllIds("/api/v1/conversations?agent_id=" + agentA + "&updated_since=" + Api.enc(since)));

        // messages oldest first, page by page
        List<JsonNode> all = api.listAll("/api/v1/conversations/" + c1 + "/messages?limit=1");
        assertEquals(List.of("one", "Echo: one (2 messages)", "more", "Echo: more (4 messages)"),
                all.stream().map(m -> m.path("content").asText()).toList());

        api.patch("/api/v1/conversations/" + c1, obj("status", "closed")).expectInvalid("status");
        api.patch("/api/v1/conversations/" + c1, obj("metadata", "x")).expectInvalid("metadata");
        api.patch("/api/v1/conversations/" + c1, obj("agent_id", agentB)).expectInvalid("agent_id");
        api.get("/api/v1/conversations?status=closed").expectInvalid("status");
        api.get("/api/v1/conversations?agent_id=nope").expectInvalid("agent_id");
        api.get("/api/v1/conversations?updated_since=yesterday").expectInvalid("updated_since");
        api.get("/api/v1/conversations?updated_since=%2B10000-01-01T00:00:00Z").expectInvalid("updated_since");
        api.get("/api/v1/usage?from=0000-12-31").expectInvalid("from");
        assertTrue(api.listAllIds("/api/v1/conversations?updated_since=2000-01-01").contains(c1), "a date means its start in UTC");

        api.delete("/api/v1/conversations/" + c1).expect(204);
        api.get("/api/v1/conversations/" + c1).expectError(404, "not_found");
        api.get("/api/v1/conversations/" + c1 + "/messages").expectError(404, "not_found");
        assertEquals(0, Api.countRows("select count(*) from messages where conversation_id = ?", java.util.UUID.fromString(c1)));
    }

    @Test
    void everyModelCallIsMeteredAndAggregated() {
        Api.Org own = Api.createOrg("usage");
        Api u = own.api();
        String openai = agent(u, "openai");
        String claude = agent(u, "anthropic");
        chat(u, openai, "message", "a").expect(200);
        chat(u, openai, "message", "b").expect(200);
        chat(u, claude, "message", "c", "stream", true).expect(200);

        List<JsonNode> records = u.listAll("/api/v1/usage");
        assertEquals(3, records.size(), records.toString());
        JsonNode first = records.get(records.size() - 1);
        assertEquals(openai, first.path("agent_id").asText());
        assertEquals(own.ownerTokenId(), first.path("token_id").asText());
        assertEquals("gpt-4o-mini", first.path("model").asText());
        assertEquals("per-token", first.path("billing_model").asText());
        // 20 prompt tokens at 0.15 USD and 4 completion tokens at 0.60 USD per million
        assertUsd("0.0000054", first.path("estimated_cost_usd"));
        assertEquals(List.of(openai, openai), u.listAll("/api/v1/usage?agent_id=" + openai).stream()
                .map(r -> r.path("agent_id").asText()).toList());
        assertEquals(1, u.listAll("/api/v1/usage?provider=anthropic").size());
        assertEquals(1, u.listAll("/api/v1/usage?model=claude-sonnet-4-20250514").size());

        JsonNode byAgent = u.get("/api/v1/usage/summary?group_by=agent").expect(200).data();
        assertEquals(3, byAgent.path("totals").path("requests").asLong());
        assertEquals(72, byAgent.path("totals").path("total_tokens").asLong());
        Map<String, Long> requests = new java.util.HashMap<>();
        byAgent.path("groups").forEach(g -> requests.put(g.path("key").asText(), g.path("requests").asLong()));
        assertEquals(Map.of(openai, 2L, claude, 1L), requests);
        // claude-sonnet-4: 20 x 3 + 4 x 15 per million = 0.00012
        assertUsd("0.00012", byAgent.path("groups").get(0).path("estimated_cost_usd")); // largest cost first

        JsonNode byDay = u.get("/api/v1/usage/summary?group_by=day").expect(200).data();
        assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), byDay.path("groups").get(0).path("key").asText());
        JsonNode byToken = u.get("/api/v1/usage/summary?group_by=token").expect(200).data();
        assertEquals(own.ownerTokenId(), byToken.path("groups").get(0).path("key").asText());
        JsonNode byModel = u.get("/api/v1/usage/summary?group_by=model&provider=openai").expect(200).data();
        assertEquals(2, byModel.path("totals").path("requests").asLong());

        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        assertEquals(0, u.listAll("/api/v1/usage?from=" + tomorrow).size());
        assertEquals(3, u.listAll("/api/v1/usage?to=" + tomorrow).size());
        u.get("/api/v1/usage/summary").expectInvalid("group_by");
        u.get("/api/v1/usage/summary?group_by=week").expectInvalid("group_by");
        u.get("/api/v1/usage?from=soon").expectInvalid("from");
        u.get("/api/v1/usage?from=" + tomorrow + "&to=" + LocalDate.now(ZoneOffset.UTC)).expectInvalid("to");
        u.get("/api/v1/usage?agent_id=x").expectInvalid("agent_id");

        // another organization sees none of it
        assertTrue(api.listAll("/api/v1/usage?agent_id=" + openai).isEmpty());
        assertEquals(0, api.get("/api/v1/usage/summary?group_by=agent&agent_id=" + openai).expect(200).data()
                .path("totals").path("requests").asLong());
    }

    @Test
    void anAsynchronousReplyIsPostedToTheWebhookSigned() throws Exception {
        BlockingQueue<Map.Entry<Map<String, String>, String>> received = new LinkedBlockingQueue<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        hook.createContext("/hook", e -> {
            try (e) {
                String body = new String(e.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(Map.entry(Map.of("webhook-id", e.getRequestHeaders().getFirst("webhook-id"),
                        "webhook-timestamp", e.getRequestHeaders().getFirst("webhook-timestamp"),
                        "webhook-signature", e.getRequestHeaders().getFirst("webhook-signature")), body));
                e.sendResponseHeaders(204, -1);
            }
        });
        hook.start();
        try {
            String agent = agent(api, "anthropic");
            String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
            String text = Api.unique("async");
            JsonNode accepted = chat(api, agent, "message", text, "webhook_url", url).expect(202).data();
            assertEquals("accepted", accepted.path("status").asText());
            Map.Entry<Map<String, String>, String> delivery = received.poll(20, TimeUnit.SECONDS);
            assertNotNull(delivery, "the webhook was called");
            // Standard Webhooks, checked by its reference library with the server's secret
            Map<String, java.util.List<String>> headers = new java.util.HashMap<>();
            delivery.getKey().forEach((k, v) -> headers.put(k, java.util.List.of(v)));
            new com.standardwebhooks.Webhook(WebhookReceiver.SERVER_SECRET).verify(delivery.getValue(), headers);
            JsonNode payload = Api.parseObject(delivery.getValue());
            assertEquals("chat.completed", payload.path("type").asText());
            assertEquals("Echo: " + text + " (2 messages)", payload.path("data").path("reply").asText());
            assertEquals(accepted.path("conversation_id").asText(), payload.path("data").path("conversation_id").asText());

            String failing = Api.unique("[fail:400] async");
            chat(api, agent, "message", failing, "webhook_url", url).expect(202);
            Map.Entry<Map<String, String>, String> failed = received.poll(20, TimeUnit.SECONDS);
            assertNotNull(failed, "the webhook was called for the failure");
            assertEquals("chat.failed", Api.parseObject(failed.getValue()).path("type").asText());
            assertEquals("provider_error", Api.parseObject(failed.getValue()).path("data").path("error").path("code").asText());
        } finally {
            hook.stop(0);
        }

        // sync: false without a webhook: answered in the background, found in the conversation
        String agent = agent(api, "openai");
        JsonNode accepted = chat(api, agent, "message", "later", "sync", false).expect(202).data();
        String conversation = accepted.path("conversation_id").asText();
        long deadline = System.currentTimeMillis() + 15_000;
        while (api.listAll("/api/v1/conversations/" + conversation + "/messages").size() < 2
                && System.currentTimeMillis() < deadline) {
            Api.sleep(100);
        }
        assertEquals("Echo: later (2 messages)",
                api.listAll("/api/v1/conversations/" + conversation + "/messages").get(1).path("content").asText());
    }

    @Test
    void anotherOrganizationCanNeitherChatNorSeeConversations() {
        String agent = agent(api, "openai");
        String conversation = chat(api, agent, "message", "private").expect(200).data().path("conversation_id").asText();
        Api.Org other = Api.createOrg("conversations-other");
        Api b = other.api();
        String own = agent(b, "openai");
        long before = messages();
        String rowsOfB = "select (select count(*) from messages where organization_id = ?) "
                + "+ (select count(*) from conversations where organization_id = ?) "
                + "+ (select count(*) from usage_records where organization_id = ?)";
        long beforeB = Api.countRows(rowsOfB, other.id(), other.id(), other.id());
        for (Api attacker : List.of(b, b.v2(), b.viaApiKeyHeader())) {
            chat(attacker, agent, "message", "hi").expectError(404, "not_found");
            chat(attacker, own, "message", "hi", "conversation_id", conversation).expectError(404, "not_found");
            attacker.get("/api/v1/conversations/" + conversation).expectError(404, "not_found");
            attacker.get("/api/v1/conversations/" + conversation + "/messages").expectError(404, "not_found");
            attacker.patch("/api/v1/conversations/" + conversation, obj("title", "pwned")).expectError(404, "not_found");
            attacker.delete("/api/v1/conversations/" + conversation).expectError(404, "not_found");
            assertFalse(attacker.listAllIds("/api/v1/conversations").contains(conversation));
            assertTrue(attacker.listAll("/api/v1/conversations?agent_id=" + agent).isEmpty());
            attacker.post("/functions/v1/api/v1/chat/" + agent, obj("message", "hi")).expectError(404, "not_found");
        }
        assertEquals(before, messages(), "no message was stored");
        assertEquals(beforeB, Api.countRows(rowsOfB, other.id(), other.id(), other.id()),
                "nothing was stored for the other organization either");
        JsonNode still = api.get("/api/v1/conversations/" + conversation).expect(200).data();
        assertEquals("private", still.path("title").asText());
        assertEquals(2, still.path("message_count").asInt());
    }

    @Test
    void badChatInputIsABadRequestAndStoresNothing() {
        String agent = agent(api, "openai");
        String otherAgent = agent(api, "openai");
        String conversation = chat(api, otherAgent, "message", "mine").expect(200).data().path("conversation_id").asText();
        long before = messages();
        chat(api, agent).expectInvalid("message");
        chat(api, agent, "message", "").expectInvalid("message");
        chat(api, agent, "message", "   ").expectInvalid("message");
        chat(api, agent, "message", 42).expectInvalid("message");
        chat(api, agent, "message", null).expectInvalid("message");
        chat(api, agent, "message", "x".repeat(100_001)).expectInvalid("message");
        chat(api, agent, "message", "hi", "colour", "red").expectInvalid("colour");
        chat(api, agent, "message", "hi", "stream", "yes").expectInvalid("stream");
        chat(api, agent, "message", "hi", "conversation_id", "nope").expectInvalid("conversation_id");
        chat(api, agent, "message", "hi", "conversation_id", java.util.UUID.randomUUID().toString()).expectError(404, "not_found");
        chat(api, agent, "message", "hi", "conversation_id", conversation).expectInvalid("conversation_id");
        chat(api, agent, "message", "hi", "metadata", "x").expectInvalid("metadata");
        chat(api, agent, "message", "hi", "webhook_url", "ftp://example.com/x").expectInvalid("webhook_url");
        chat(api, agent, "message", "hi", "webhook_url", "not a url").expectInvalid("webhook_url");
        chat(api, agent, "message", "hi", "webhook_url", "http://10.1.2.3/hook").expectInvalid("webhook_url");
        chat(api, agent, "message", "hi", "webhook_url", "http://user:pw@example.com/hook").expectInvalid("webhook_url");
        chat(api, agent, "message", "hi", "stream", true, "webhook_url", "https://example.com/h").expectInvalid("webhook_url");
        chat(api, agent, "message", "hi", "stream", true, "sync", false).expectInvalid("sync");
        chat(api, agent, "message", "hi", "attachments", "x").expectInvalid("attachments");
        chat(api, agent, "message", "hi", "attachments", List.of(Map.of("type", "pdf"))).expectInvalid("attachments[0].type");
        chat(api, agent, "message", "hi", "attachments", List.of(Map.of("type", "text"))).expectInvalid("attachments[0].content");
        chat(api, agent, "message", "hi", "attachments", List.of(Map.of("type", "url", "url", "file:///etc/passwd")))
                .expectInvalid("attachments[0].url");
        api.call("POST", "/api/v1/chat/" + agent).body("{\"message\": ").send().expectError(400, "bad_request");
        chat(api, "not-a-uuid", "message", "hi").expectInvalid("agentId");
        chat(api, java.util.UUID.randomUUID().toString(), "message", "hi").expectError(404, "not_found");
        assertEquals(before, messages(), "no message was stored");
    }

    private static void assertUsd(String expected, JsonNode actual) {
        assertTrue(actual.isNumber(), "a JSON number: " + actual);
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(actual.asText())), expected + " vs " + actual);
    }

    private static long messages() {
        return Api.countRows("select count(*) from messages where organization_id = ?", org.id());
    }
}
