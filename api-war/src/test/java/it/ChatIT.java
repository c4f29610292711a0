package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Chat against the fake LLM server, which speaks the OpenAI, Anthropic and Ollama protocols:
 * sync and streamed replies per provider, history, knowledge-base tool calls with citations,
 * provider failures, timeouts and retries, and a client that leaves mid-stream.
 */
class ChatIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static FakeLlmServer fake;
    private static Api.Org org;
    private static Api api;

    @BeforeAll
    static void setUp() {
        fake = FakeLlmServer.start();
        org = Api.createOrg("chat");
        api = org.api();
    }

    static String agent(Api api, String provider, Object... extra) {
        Object[] fields = new Object[extra.length + 6];
        fields[0] = "provider";
        fields[1] = provider;
        fields[2] = "model";
        fields[3] = provider.equals("anthropic") ? "claude-sonnet-4-20250514" : provider.equals("ollama") ? "llama3.2" : "gpt-4o-mini";
        fields[4] = "system_prompt";
        fields[5] = "You are a test agent.";
        System.arraycopy(extra, 0, fields, 6, extra.length);
        return api.createAgent("chat-" + provider, fields).path("id").asText();
    }

    static Api.Resp chat(Api api, String agent, Object... fields) {
        return api.post("/api/v1/chat/" + agent, obj(fields));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "ollama", "openai_compatible"})
    void aSyncReplyIsStoredWithItsUsage(String provider) {
        String agent = agent(api, provider);
        String text = Api.unique("hello");
        JsonNode reply = chat(api, agent, "message", text, "metadata", obj("ticket", 42)).expect(200).data();
        assertEquals("Echo: " + text + " (2 messages)", reply.path("reply").asText(), reply.toString());
        assertEquals(provider, reply.path("provider").asText());
        assertEquals(20, reply.path("usage").path("prompt_tokens").asInt());
        assertEquals(4, reply.path("usage").path("completion_tokens").asInt(), "one token a word");
        assertEquals(42, reply.path("metadata").path("ticket").asInt(), "metadata is echoed");

        FakeLlmServer.Recorded sent = fake.requestsWith(text).get(0);
        assertEquals(provider, sent.provider());
        assertTrue(sent.body().toString().contains("You are a test agent."), "the system prompt is sent: " + sent.body());
        // Ollama streams unless told not to; the others only when asked
        assertTrue(!provider.equals("ollama") || sent.body().has("stream"), "Ollama is told not to stream: " + sent.body());
        assertFalse(sent.body().path("stream").asBoolean(false), "a sync reply is not streamed");

        String conversation = reply.path("conversation_id").asText();
        List<JsonNode> messages = api.listAll("/api/v1/conversations/" + conversation + "/messages");
        assertEquals(List.of("user", "assistant"), messages.stream().map(m -> m.path("role").asText()).toList());
        assertEquals(text, messages.get(0).path("content").asText());
        assertEquals(42, messages.get(0).path("metadata").path("ticket").asInt());
        assertEquals(reply.path("message_id").asText(), messages.get(1).path("id").asText());
        assertEquals("complete", messages.get(1).path("status").asText());
        assertEquals(24, messages.get(1).path("usage").path("total_tokens").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "ollama", "openai_compatible"})
    void aStreamedReplyArrivesAsTypedEvents(String provider) {
        String agent = agent(api, provider);
        String text = Api.unique("stream me");
        Api.Resp r = chat(api, agent, "message", text, "stream", true).expect(200);
        assertTrue(r.header("Content-Type").startsWith("text/event-stream"), r.header("Content-Type"));
        List<Sse.Event> events = Sse.parse(r.body());
        List<String> names = Sse.names(events);
        assertEquals("message_start", names.get(0), names.toString());
        assertEquals("message_end", names.get(names.size() - 1), names.toString());
        assertTrue(names.subList(1, names.size() - 1).stream().allMatch("delta"::equals), names.toString());
        assertTrue(names.size() >= 6, "the reply comes in several deltas: " + names);
        String expected = "Echo: " + text + " (2 messages)";
        assertEquals(expected, Sse.text(events));
        JsonNode start = events.get(0).data();
        JsonNode end = events.get(events.size() - 1).data();
        assertEquals(start.path("conversation_id").asText(), end.path("conversation_id").asText());
        assertEquals(20, end.path("usage").path("prompt_tokens").asInt(), end.toString());
        assertEquals(expected.split(" ").length, end.path("usage").path("completion_tokens").asInt(), end.toString());

        FakeLlmServer.Recorded sent = fake.requestsWith(text).get(0);
        assertTrue(sent.body().path("stream").asBoolean(provider.equals("ollama")), "streamed from the provider: " + sent.body());
        List<JsonNode> messages = api.listAll("/api/v1/conversations/" + end.path("conversation_id").asText() + "/messages");
        assertEquals(expected, messages.get(1).path("content").asText());
        assertEquals(end.path("message_id").asText(), messages.get(1).path("id").asText());
    }

    @Test
    void aConversationContinuesWithItsHistory() {
        String agent = agent(api, "openai");
        String first = Api.unique("first");
        String conversation = chat(api, agent, "message", first).expect(200).data().path("conversation_id").asText();
        String second = Api.unique("second");
        JsonNode reply = chat(api, agent, "message", second, "conversation_id", conversation).expect(200).data();
        assertEquals(conversation, reply.path("conversation_id").asText());
        // system, first, its reply, second
        assertEquals("Echo: " + second + " (4 messages)", reply.path("reply").asText());
        JsonNode sent = fake.requestsWith(second).get(0).body();
        assertTrue(sent.toString().contains(first) && sent.toString().contains("Echo: " + first), sent.toString());
        JsonNode c = api.get("/api/v1/conversations/" + conversation).expect(200).data();
        assertEquals(4, c.path("message_count").asInt());
        assertEquals(first, c.path("title").asText(), "the first message titles the conversation");

        // streamed continuation sees the same history
        String third = Api.unique("third");
        List<Sse.Event> events = Sse.parse(chat(api, agent, "message", third, "conversation_id", conversation, "stream", true)
                .expect(200).body());
        assertEquals("Echo: " + third + " (6 messages)", Sse.text(events));
    }

    /**
     * Messages sent to one conversation at once are stored one at a time: each is answered with
     * a history holding every user message stored before it (their replies may still be on the way).
     */
    @Test
    void messagesSentAtOnceToOneConversationAreStoredInTurn() throws Exception {
        String agent = agent(api, "openai");
        String conversation = chat(api, agent, "message", Api.unique("opening")).expect(200).data().path("conversation_id").asText();
        List<String> texts = new ArrayList<>();
        List<CompletableFuture<Api.Resp>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String text = Api.unique("at once " + i);
            texts.add(text);
            answers.add(CompletableFuture.supplyAsync(
                    () -> chat(api, agent, "message", text, "conversation_id", conversation)));
        }
        for (CompletableFuture<Api.Resp> answer : answers) {
            answer.get(60, TimeUnit.SECONDS).expect(200);
        }
        List<String> stored = api.listAll("/api/v1/conversations/" + conversation + "/messages").stream()
                .filter(m -> m.path("role").asText().equals("user")).map(m -> m.path("content").asText())
                .filter(texts::contains).toList();
        assertEquals(6, stored.size(), stored.toString());
        for (int i = 0; i < stored.size(); i++) {
            String sent = fake.requestsWith(stored.get(i)).get(0).body().path("messages").toString();
            for (String earlier : stored.subList(0, i)) {
                assertTrue(sent.contains(earlier), "message " + i + " was answered without the earlier " + earlier + ": " + sent);
            }
        }
        assertEquals(14, api.get("/api/v1/conversations/" + conversation).expect(200).data().path("message_count").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "ollama", "openai_compatible"})
    void agentsSearchTheirKnowledgeBasesThroughToolCallsAndCiteThem(String provider) {
        Knowledge kb = new Knowledge(api);
        String base = kb.createBase(Api.unique("policies"));
        String title = "Refund policy " + provider;
        String item = kb.addText(base, title, "Refunds are paid within fourteen days to the original card.");
        kb.addText(base, "Shipping", "Parcels ship from Lyon every weekday.");
        kb.awaitBaseIdle(base, 120_000);
        String agent = agent(api, provider, "knowledge_base_ids", List.of(base));

        JsonNode reply = chat(api, agent, "message", "[tool:kb] refund " + Api.unique("q")).expect(200).data();
        assertEquals("Based on [source: " + title + "]", reply.path("reply").asText(), reply.toString());
        assertEquals(item, reply.path("citations").get(0).path("item_id").asText(), reply.toString());
        assertEquals(base, reply.path("citations").get(0).path("base_id").asText());
        JsonNode call = reply.path("tool_calls").get(0);
        assertEquals("search_knowledge_base", call.path("name").asText());
        assertTrue(call.path("arguments").path("query").asText().startsWith("refund"), call.toString());
        // two model calls: (system, user) then (system, user, tool call, tool result), 10 tokens a message
        assertEquals(60, reply.path("usage").path("prompt_tokens").asInt(), reply.toString());

        List<JsonNode> messages = api.listAll("/api/v1/conversations/" + reply.path("conversation_id").asText() + "/messages");
        assertEquals(item, messages.get(1).path("citations").get(0).path("item_id").asText());
        assertEquals("search_knowledge_base", messages.get(1).path("tool_calls").get(0).path("name").asText());
        List<JsonNode> usage = api.listAll("/api/v1/usage?conversation_id=" + reply.path("conversation_id").asText());
        assertEquals(2, usage.size(), "one usage record per model call: " + usage);

        {
            List<Sse.Event> events = Sse.parse(chat(api, agent, "message", "[tool:kb] refund " + Api.unique("s"), "stream", true)
                    .expect(200).body());
            List<String> names = Sse.names(events);
            assertEquals(List.of("message_start", "tool_call", "tool_result"), names.subList(0, 3), names.toString());
            assertEquals("message_end", names.get(names.size() - 1));
            assertEquals("Based on [source: " + title + "]", Sse.text(events));
            assertEquals(item, events.get(2).data().path("citations").get(0).path("item_id").asText());
            assertEquals(item, events.get(events.size() - 1).data().path("citations").get(0).path("item_id").asText());
        }
    }

    @Test
    void oneSearchCoversEveryAttachedBase() {
        Knowledge kb = new Knowledge(api);
        String first = kb.createBase(Api.unique("returns"));
        String second = kb.createBase(Api.unique("warranty"));
        String returns = kb.addText(first, "Returns desk", "Returned parcels are refunded after inspection.");
        String warranty = kb.addText(second, "Warranty desk", "Defective parcels are refunded or replaced under warranty.");
        kb.awaitBaseIdle(first, 120_000);
        kb.awaitBaseIdle(second, 120_000);
        String agent = agent(api, "openai", "knowledge_base_ids", List.of(first, second));
        JsonNode reply = chat(api, agent, "message", "[tool:kb] refunded parcels " + Api.unique("q")).expect(200).data();
        List<String> cited = new ArrayList<>();
        reply.path("citations").forEach(c -> cited.add(c.path("item_id").asText()));
        assertTrue(cited.contains(returns) && cited.contains(warranty), "both bases answer (one query embedding): " + reply);
    }

    @Test
    void aProviderFailureIsAClearErrorAndTheMessageIsKept() {
        String agent = agent(api, "openai");
        String text = Api.unique("[fail:500] please");
        Api.Resp r = chat(api, agent, "message", text).expectError(502, "provider_error");
        assertTrue(r.json().toString().contains("HTTP 500"), r.body());
        assertEquals(3, fake.requestsWith(text).size(), "a 5xx is retried twice");

        JsonNode conversation = api.listAll("/api/v1/conversations?agent_id=" + agent).get(0);
        List<JsonNode> messages = api.listAll("/api/v1/conversations/" + conversation.path("id").asText() + "/messages");
        assertEquals(2, messages.size());
        assertEquals(text, messages.get(0).path("content").asText());
        assertEquals("failed", messages.get(1).path("status").asText());
        assertTrue(messages.get(1).path("error").asText().contains("HTTP 500"), messages.get(1).toString());

        String rejected = Api.unique("[fail:400] nope");
        chat(api, agent, "message", rejected).expectError(502, "provider_error");
        assertEquals(1, fake.requestsWith(rejected).size(), "a 4xx is not retried");

        // the fake's 429 says Retry-After: 1; the server's own backoff here is 50 ms
        String limited = Api.unique("[fail:429] busy");
        long start = System.nanoTime();
        chat(api, agent, "message", limited).expectError(502, "provider_rate_limited");
        assertEquals(3, fake.requestsWith(limited).size());
        assertTrue(System.nanoTime() - start >= 1_900_000_000L, "two retries, each after the 1 s the provider asked for");

        String limitedStream = Api.unique("[fail:429] stream");
        start = System.nanoTime();
        List<Sse.Event> events = Sse.parse(chat(api, agent(api, "anthropic"), "message", limitedStream, "stream", true)
                .expect(200).body());
        assertEquals("error", events.get(events.size() - 1).name(), Sse.names(events).toString());
        assertEquals("provider_rate_limited", events.get(events.size() - 1).data().path("code").asText());
        assertEquals(3, fake.requestsWith(limitedStream).size());
        assertTrue(System.nanoTime() - start >= 1_900_000_000L, "streams honour Retry-After too");

        String flaky = Api.unique("[flaky] once");
        JsonNode reply = chat(api, agent, "message", flaky).expect(200).data();
        assertEquals("Echo: " + flaky + " (2 messages)", reply.path("reply").asText());
        assertEquals(2, fake.requestsWith(flaky).size(), "retried once after the 503");
    }

    @Test
    void aSlowProviderIsAGatewayTimeout() {
        String agent = agent(api, "anthropic");
        chat(api, agent, "message", Api.unique("[slow] sync")).expectError(504, "provider_timeout");
        List<Sse.Event> events = Sse.parse(chat(api, agent, "message", Api.unique("[slow] stream"), "stream", true)
                .expect(200).body());
        Sse.Event last = events.get(events.size() - 1);
        assertEquals("error", last.name(), Sse.names(events).toString());
        assertEquals("provider_timeout", last.data().path("code").asText());
        assertEquals(504, last.data().path("status").asInt());
        assertNotNull(last.data().path("message_id").asText(null));
    }

    @Test
    void aStreamedProviderErrorIsAnErrorEvent() {
        String agent = agent(api, "ollama");
        List<Sse.Event> events = Sse.parse(chat(api, agent, "message", Api.unique("[fail:500] stream"), "stream", true)
                .expect(200).body());
        assertEquals(List.of("message_start", "error"), Sse.names(events));
        assertEquals("provider_error", events.get(1).data().path("code").asText());
        String conversation = events.get(0).data().path("conversation_id").asText();
        List<JsonNode> messages = api.listAll("/api/v1/conversations/" + conversation + "/messages");
        assertEquals("failed", messages.get(1).path("status").asText());
        assertEquals(events.get(1).data().path("message_id").asText(), messages.get(1).path("id").asText());
    }

    @Test
    void aClientThatLeavesMidStreamStopsTheGeneration() throws Exception {
        String text = Api.unique("[long] story");
        String conversation = streamAndLeave(agent(api, "openai"), text, 5, false);
        JsonNode reply = storedReply(conversation, 15_000);
        assertEquals("cancelled", reply.path("status").asText(), reply.toString());
        assertTrue(reply.path("content").asText().startsWith("piece0 piece1"), reply.toString());
        Api.sleep(1_000);
        Integer written = fake.streamedPieces.get(text);
        assertTrue(written != null && written < 300, "the provider stream was cut short: " + written + " of 300 pieces");
        assertEquals(Boolean.TRUE, fake.streamAborted.get(text), "the provider saw the connection close");
    }

    /**
     * The client leaves while the provider is silent: the next keep-alive comment (every second
     * here) finds it gone and drops the provider call, well before the 3 s provider timeout would
     * have ended the stream as failed.
     */
    @Test
    void aClientThatLeavesWhileTheProviderIsSilentStopsTheGeneration() throws Exception {
        String text = Api.unique("[stall] and leave");
        String conversation = streamAndLeave(agent(api, "openai"), text, 2, true);
        long left = System.nanoTime();
        JsonNode reply = storedReply(conversation, 15_000);
        long millis = (System.nanoTime() - left) / 1_000_000;
        assertEquals("cancelled", reply.path("status").asText(), "seen gone at a keep-alive, not timed out: " + reply);
        assertTrue(millis < 2_900, "the reply was stored " + millis + " ms after the client left");
        assertEquals(2, fake.streamedPieces.get(text));
        long deadline = System.currentTimeMillis() + 10_000; // the fake notices when its silence ends, at 6 s
        while (fake.streamAborted.get(text) == null && System.currentTimeMillis() < deadline) {
            Api.sleep(100);
        }
        assertEquals(Boolean.TRUE, fake.streamAborted.get(text), "the provider saw the connection close");
    }

    /**
     * The 200 and {@code message_start} (with the conversation id) reach the client while the model
     * is still thinking (the fake answers after 1.5 s), not with its first words.
     */
    @Test
    void messageStartArrivesBeforeTheModelAnswers() throws Exception {
        String agent = agent(api, "openai");
        HttpRequest request = streamRequest(agent, org.ownerToken(), Api.unique("[wait] hello")).build();
        long start = System.nanoTime();
        HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        long messageStart = -1;
        long firstDelta = -1;
        try (Stream<String> lines = response.body()) {
            for (Iterator<String> it = lines.iterator(); it.hasNext() && firstDelta < 0; ) {
                String line = it.next();
                long millis = (System.nanoTime() - start) / 1_000_000;
                if (line.equals("event: message_start")) {
                    messageStart = millis;
                } else if (line.equals("event: delta")) {
                    firstDelta = millis;
                }
            }
        }
        assertTrue(messageStart >= 0 && messageStart < 1_000, "message_start after " + messageStart + " ms");
        assertTrue(firstDelta >= 1_400, "the first delta after " + firstDelta + " ms, when the model answered");
    }

    /**
     * Opens a chat stream over a raw socket, reads until {@code deltas} deltas arrived and leaves
     * (with a reset if asked, so the server's next write fails at once); returns the conversation.
     */
    private static String streamAndLeave(String agent, String text, int deltas, boolean reset) throws Exception {
        URI base = URI.create(Api.baseUrl());
        byte[] bytes = Api.toJson(obj("message", text, "stream", true)).getBytes(StandardCharsets.UTF_8);
        String conversation = null;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/chat/" + agent + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: Bearer "
                    + org.ownerToken() + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int seen = 0;
            String line;
            while (seen < deltas && (line = in.readLine()) != null) {
                if (line.contains("\"conversation_id\"") && conversation == null) {
                    conversation = Api.parseObject(line.substring(line.indexOf('{'))).path("conversation_id").asText();
                }
                if (line.startsWith("event: delta")) {
                    seen++;
                }
            }
            assertEquals(deltas, seen);
            if (reset) {
                socket.setSoLinger(true, 0);
            }
        }
        assertNotNull(conversation);
        return conversation;
    }

    /** A streamed chat request over HTTP/1.1, as SSE clients send it. */
    private static HttpRequest.Builder streamRequest(String agent, String token, String message) {
        return HttpRequest.newBuilder(URI.create(Api.baseUrl() + "/api/v1/chat/" + agent)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Api.toJson(obj("message", message, "stream", true))));
    }

    /** The conversation's assistant message once it is stored. */
    private static JsonNode storedReply(String conversation, long waitMillis) {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (System.currentTimeMillis() < deadline) {
            List<JsonNode> messages = api.listAll("/api/v1/conversations/" + conversation + "/messages");
            if (messages.size() == 2) {
                return messages.get(1);
            }
            Api.sleep(50);
        }
        throw new AssertionError("no reply stored in conversation " + conversation);
    }

    /**
     * More streams at once than the database pool has connections (40), for an organization whose
     * budget is counted in the database on every request, each with an Idempotency-Key: no stream
     * may keep a connection while it streams.
     */
    @Test
    void manyStreamsAtOnceHoldNoDatabaseConnection() throws Exception {
        Api.Org small = Api.createOrg("chat-streams", 1_000);
        String agent = agent(small.api(), "openai");
        List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            streams.add(HTTP.sendAsync(streamRequest(agent, small.ownerToken(), Api.unique("[long] s" + i))
                    .header("Idempotency-Key", Api.unique("stream")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> stream : streams) {
            HttpResponse<String> response = stream.get(90, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            List<String> names = Sse.names(Sse.parse(response.body()));
            assertFalse(names.isEmpty(), response.body());
            assertEquals("message_end", names.get(names.size() - 1), "every stream ends well: " + names);
        }
    }

    @Test
    void attachmentsAreSentToTheModelAndStored() {
        String agent = agent(api, "openai");
        String text = Api.unique("see attached");
        JsonNode reply = chat(api, agent, "message", text, "attachments", List.of(
                Map.of("type", "text", "name", "notes.txt", "content", "The launch is on Friday."),
                Map.of("type", "url", "url", "https://example.com/spec.pdf"))).expect(200).data();
        JsonNode sent = fake.requestsWith(text).get(0).body();
        assertTrue(sent.toString().contains("The launch is on Friday.") && sent.toString().contains("https://example.com/spec.pdf"),
                sent.toString());
        JsonNode stored = api.listAll("/api/v1/conversations/" + reply.path("conversation_id").asText() + "/messages").get(0);
        assertEquals("notes.txt", stored.path("attachments").get(0).path("name").asText());
        assertEquals("url", stored.path("attachments").get(1).path("type").asText());
    }
}
