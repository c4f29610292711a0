package it;

import static it.Api.obj;
import static it.ChatIT.agent;
import static it.ChatIT.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ways a provider fails after it started answering, or cannot be reached at all, and the
 * limits the server puts on a model: each ends in a clear error (or event), with the user's
 * message kept and the partial reply stored as failed.
 */
class ChatFailuresIT {

    private static FakeLlmServer fake;
    private static Api.Org org;
    private static Api api;

    @BeforeAll
    static void setUp() {
        fake = FakeLlmServer.start();
        org = Api.createOrg("chat-failures");
        api = org.api();
    }

    private static List<JsonNode> messagesOf(String conversation) {
        return api.listAll("/api/v1/conversations/" + conversation + "/messages");
    }

    /** The conversation of the agent's only chat so far, as soon as its question is stored. */
    private static String awaitConversation(String agent) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            List<JsonNode> conversations = api.listAll("/api/v1/conversations?agent_id=" + agent);
            if (!conversations.isEmpty()) {
                return conversations.get(0).path("id").asText();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no conversation for agent " + agent);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aConversationDeletedWhileTheAgentAnswersIsAConflictAndTheCallIsStillMetered(boolean stream) throws Exception {
        String agent = agent(api, "openai");
        String text = Api.unique("[wait] deleted meanwhile");
        CompletableFuture<Api.Resp> answer = CompletableFuture.supplyAsync(() -> chat(api, agent, "message", text, "stream", stream));
        String conversation = awaitConversation(agent);
        api.delete("/api/v1/conversations/" + conversation).expect(204);
        Api.Resp r = answer.get(30, TimeUnit.SECONDS);
        JsonNode error;
        if (stream) {
            List<Sse.Event> events = Sse.parse(r.expect(200).body());
            assertEquals("error", events.get(events.size() - 1).name(), Sse.names(events).toString());
            error = events.get(events.size() - 1).data();
            assertEquals(409, error.path("status").asInt(), error.toString());
        } else {
            error = r.expectError(409, "conflict").json().path("error");
        }
        assertTrue(error.toString().contains("was deleted while the agent was answering"), error.toString());
        assertEquals(1, fake.requestsWith(text).size());
        api.get("/api/v1/conversations/" + conversation).expectError(404, "not_found");
        assertEquals(1, Api.countRows("select count(*) from usage_records where conversation_id = ? and message_id is null "
                + "and completion_tokens > 0", java.util.UUID.fromString(conversation)), "the model call is metered");
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai", "ollama"})
    void aProviderErrorMidStreamEndsTheStreamAndKeepsThePartialReply(String provider) {
        String text = Api.unique("[break] tell me a long story");
        List<Sse.Event> events = Sse.parse(chat(api, agent(api, provider), "message", text, "stream", true).expect(200).body());
        assertEquals(List.of("message_start", "delta", "delta", "delta", "error"), Sse.names(events));
        JsonNode error = events.get(4).data();
        assertEquals(502, error.path("status").asInt(), error.toString());
        assertTrue(error.path("code").asText().startsWith("provider_"), error.toString());
        assertEquals(1, fake.requestsWith(text).size(), "no retry once output has started");

        List<JsonNode> messages = messagesOf(events.get(0).data().path("conversation_id").asText());
        JsonNode reply = messages.get(1);
        assertEquals("failed", reply.path("status").asText(), reply.toString());
        assertEquals(Sse.text(events), reply.path("content").asText(), "the words that arrived are kept");
        assertEquals(error.path("message_id").asText(), reply.path("id").asText());
        assertTrue(!reply.path("error").asText().isBlank(), reply.toString());
    }

    @Test
    void aProviderThatFallsSilentMidStreamTimesOut() {
        String text = Api.unique("[stall] then nothing");
        long start = System.nanoTime();
        String body = chat(api, agent(api, "openai"), "message", text, "stream", true).expect(200).body();
        List<Sse.Event> events = Sse.parse(body);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(body.contains("\n: keep-alive\n\n"), "keep-alive comments (every second here) fill the silence: " + body);
        assertEquals(List.of("message_start", "delta", "delta", "error"), Sse.names(events), "comments are not events");
        JsonNode error = events.get(events.size() - 1).data();
        assertEquals("provider_timeout", error.path("code").asText(), error.toString());
        assertEquals(504, error.path("status").asInt());
        assertTrue(millis >= 2_900 && millis < 5_900, "gave up after the 3 s idle limit, not at the provider's 6 s: " + millis);
        JsonNode reply = messagesOf(events.get(0).data().path("conversation_id").asText()).get(1);
        assertEquals("failed", reply.path("status").asText());
        assertEquals(Sse.text(events), reply.path("content").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "ollama"})
    void anAnswerLargerThanTheLimitFailsTheCallInsteadOfFillingTheHeap(String provider) {
        // the test servers read at most 1 MiB of an answer; the fake sends 3 MB
        String agent = agent(api, provider);
        String whole = Api.unique("[huge] whole");
        Api.Resp r = chat(api, agent, "message", whole).expectError(502, "provider_error");
        assertTrue(r.json().path("error").path("message").asText().contains("more than 1048576 bytes"), r.body());
        assertEquals(1, fake.requestsWith(whole).size(), "an oversized answer is not asked for again");

        String streamed = Api.unique("[huge] streamed");
        List<Sse.Event> events = Sse.parse(chat(api, agent, "message", streamed, "stream", true).expect(200).body());
        Sse.Event last = events.get(events.size() - 1);
        assertEquals("error", last.name(), Sse.names(events).subList(Math.max(0, events.size() - 3), events.size()).toString());
        assertEquals("provider_error", last.data().path("code").asText(), last.data().toString());
        assertTrue(Sse.text(events).length() < 1_048_576, "the stream stopped at the limit");
        api.get("/api/v1/agents/" + agent).expect(200); // the server carries on
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "ollama"})
    void whatAProviderSaysInAnErrorIsNotHandedToTheCaller(String provider) {
        // the fake's error bodies say "fake failure 400": a server an organization names may be an
        // internal one, and a provider's text may quote part of the server's key
        String text = Api.unique("[fail:400] refused");
        Api.Resp r = chat(api, agent(api, provider), "message", text).expectError(502, "provider_error");
        String message = r.json().path("error").path("message").asText();
        assertTrue(message.contains("HTTP 400"), r.body());
        assertTrue(!r.body().contains("fake failure"), "the provider's text was echoed: " + r.body());
        if (!provider.equals("ollama")) { // Ollama's errors have no code, only text
            assertTrue(message.contains("(server_error)") || message.contains("(api_error)"), "the error's code is kept: " + message);
        }
    }

    @Test
    void anUnreachableProviderIsABadGatewayAndNothingIsMetered() {
        Api.Org own = Api.createOrg("chat-unreachable");
        Api b = own.api();
        // port 1 on loopback: nothing listens there
        b.put("/api/v1/providers/openai_compatible", obj("base_url", "http://127.0.0.1:1/v1")).expect(200);
        String agent = agent(b, "openai_compatible");
        Api.Resp r = chat(b, agent, "message", "anyone there?").expectError(502, "provider_unreachable");
        assertTrue(r.json().path("error").path("message").asText().contains("kept in conversation"), r.body());
        List<Sse.Event> events = Sse.parse(chat(b, agent, "message", "still there?", "stream", true).expect(200).body());
        assertEquals(List.of("message_start", "error"), Sse.names(events));
        assertEquals("provider_unreachable", events.get(1).data().path("code").asText());

        for (JsonNode c : b.listAll("/api/v1/conversations?agent_id=" + agent)) {
            List<JsonNode> messages = b.listAll("/api/v1/conversations/" + c.path("id").asText() + "/messages");
            assertEquals(List.of("user", "assistant"), messages.stream().map(m -> m.path("role").asText()).toList());
            assertEquals("failed", messages.get(1).path("status").asText());
        }
        assertEquals(0, Api.countRows("select count(*) from usage_records where organization_id = ?", own.id()),
                "a call that never reached the provider is not metered");
    }

    @Test
    void aRetryAfterBeyondThirtySecondsIsNotWaitedFor() {
        String text = Api.unique("[fail:429:120] busy for a while");
        long start = System.nanoTime();
        chat(api, agent(api, "openai"), "message", text).expectError(502, "provider_rate_limited");
        assertEquals(1, fake.requestsWith(text).size(), "not retried");
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "answered at once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "ollama"})
    void aModelThatNeverStopsCallingToolsMustAnswerAfterTheLastRound(String provider) {
        Knowledge kb = new Knowledge(api);
        String base = kb.createBase("Loop base " + provider);
        kb.awaitReady(base, kb.addText(base, "Anything", "some searchable text"));
        String agent = agent(api, provider, "knowledge_base_ids", List.of(base));
        String text = Api.unique("[tool:loop] search forever");
        JsonNode reply = chat(api, agent, "message", text).expect(200).data();
        List<FakeLlmServer.Recorded> calls = fake.requestsWith(text);
        assertEquals(5, calls.size(), "the first call and four tool rounds (AGENTRY_CHAT_MAX_TOOL_ROUNDS)");
        assertEquals(4, reply.path("tool_calls").size(), reply.toString());
        assertTrue(reply.path("reply").asText().startsWith("Based on "), "an answer from what was found: " + reply);
        JsonNode last = calls.get(4).body();
        assertTrue(provider.equals("ollama") ? last.path("tools").isEmpty() : last.path("tool_choice").toString().contains("none"),
                "the last call forbids tools: " + last);
        assertEquals(5, api.listAll("/api/v1/usage?conversation_id=" + reply.path("conversation_id").asText()).size(),
                "every model call is metered");

        String streamed = Api.unique("[tool:loop] stream forever");
        List<Sse.Event> events = Sse.parse(chat(api, agent, "message", streamed, "stream", true).expect(200).body());
        List<String> names = Sse.names(events);
        assertEquals(4, names.stream().filter("tool_call"::equals).count(), names.toString());
        assertEquals("message_end", names.get(names.size() - 1));
        assertTrue(Sse.text(events).startsWith("Based on "), Sse.text(events));
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "ollama", "openai_compatible"})
    void everyProviderIsSentTheConversationsHistory(String provider) {
        String agent = agent(api, provider);
        String first = Api.unique("first");
        String conversation = chat(api, agent, "message", first).expect(200).data().path("conversation_id").asText();
        String second = Api.unique("second");
        JsonNode reply = chat(api, agent, "message", second, "conversation_id", conversation).expect(200).data();
        assertEquals("Echo: " + second + " (4 messages)", reply.path("reply").asText(), "system, first, its reply, second");
        String sent = fake.requestsWith(second).get(0).body().toString();
        assertTrue(sent.contains(first) && sent.contains("Echo: " + first), sent);
    }

    @Test
    void aWebhookThatFailsIsDeliveredAgain() throws Exception {
        java.util.concurrent.BlockingQueue<String[]> received = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 10);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        hook.createContext("/flaky-hook", e -> {
            try (e) {
                e.getRequestBody().readAllBytes();
                int call = calls.incrementAndGet();
                received.add(new String[] {e.getRequestHeaders().getFirst("webhook-id"), String.valueOf(System.nanoTime())});
                e.sendResponseHeaders(call == 1 ? 500 : 204, -1);
            }
        });
        hook.start();
        try {
            String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/flaky-hook";
            chat(api, agent(api, "openai"), "message", "deliver twice", "webhook_url", url).expect(202);
            String[] first = received.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            String[] second = received.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(first != null, "delivered");
            assertTrue(second != null, "delivered again after the 500");
            assertEquals(first[0], second[0], "the same webhook-id, so the receiver can drop duplicates");
            long apartMillis = (Long.parseLong(second[1]) - Long.parseLong(first[1])) / 1_000_000;
            // the test servers' schedule starts at 200 ms (jitter takes up to a quarter off)
            assertTrue(apartMillis >= 150, "the first retry waits: " + apartMillis + " ms");
            Api.sleep(2_000); // a third attempt would come within 400 ms of the second
            assertEquals(2, calls.get(), "no third attempt after a success");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void badInputWithStreamIsAPlainBadRequest() {
        String agent = agent(api, "openai");
        long before = Api.countRows("select count(*) from messages where organization_id = ?", org.id());
        Api.Resp r = chat(api, agent, "stream", true).expectInvalid("message");
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        chat(api, agent, "message", "hi", "stream", true, "attachments", List.of(Map.of("type", "url", "url", "gopher://x")))
                .expectInvalid("attachments[0].url");
        chat(api, java.util.UUID.randomUUID().toString(), "message", "hi", "stream", true).expectError(404, "not_found");
        assertEquals(before, Api.countRows("select count(*) from messages where organization_id = ?", org.id()));
    }
}
