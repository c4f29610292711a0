package it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for three LLM providers, speaking each one's real wire protocol on one port:
 * OpenAI chat completions under {@code /openai/v1} (and {@code /compat/v1}, the OpenAI-compatible
 * provider), Anthropic messages under {@code /anthropic/v1}, Ollama's chat under {@code /ollama},
 * each streamed (SSE; NDJSON for Ollama) or whole, with tool calls; and OpenAI's embeddings
 * under {@code /openai/v1/embeddings} (8 dimensions from the words' hashes; every answer closes
 * its connection, so each call resolves the host again).
 *
 * <p>What it answers is scripted by markers in the last user message:
 * <ul>
 * <li>(none): {@code Echo: <message> (<n> messages)}, n counting every message it was sent;</li>
 * <li>{@code [tool:kb] <query>}: a call of search_knowledge_base with that query, and once the
 *     tool's result is sent back, {@code Based on <first line of the result>};</li>
 * <li>{@code [fail:<status>]}: that HTTP status with the provider's error body, every time;</li>
 * <li>{@code [flaky]}: 503 on the first request, then the echo;</li>
 * <li>{@code [slow]}: the echo after 6 seconds;</li>
 * <li>{@code [wait]}: the echo after 1.5 seconds (time to act while the agent answers);</li>
 * <li>{@code [long]}: 300 streamed pieces 20 ms apart (for client disconnects);</li>
 * <li>{@code [huge]}: an answer of {@link #HUGE_CHARS} characters (streamed: 1,000 a piece);</li>
 * <li>{@code [ms:<n>]}: the echo after n milliseconds;</li>
 * <li>{@code [fail-first:<n>]}: 503 for the first n requests of that message, then the echo;</li>
 * <li>{@code [refuse-first:<n>]}: 400 (a refusal, not retried by the server) for the first n, then the echo;</li>
 * <li>{@code [delegate:all]}: a lead calls every {@code delegate_to_*} tool offered, at once (each
 *     member's task carries {@code [ms:800]} with {@code [parallel]}); the tools' results come back
 *     as {@code Based on <first line of each result, joined by " | ">}; {@code [slow-members]} makes
 *     each member take 2.5 s;</li>
 * <li>{@code [delegate:loop]}: a lead that delegates again as long as delegation tools are offered;</li>
 * <li>{@code [brief]}: a collaboration member's {@code Statement <n>}, with {@code [AGREE]} once the
 *     transcript ({@code "\n- "} lines) has {@code [agree-after:<k>]} statements; a speaker choice
 *     names the last of its {@code Candidates:}; a facilitator asked whether the goal is reached
 *     answers {@code DONE: ...} once there are {@code [done-after:<k>]} statements, else CONTINUE.</li>
 * </ul>
 * Every request body is recorded, each stream counts the pieces it could write, and requests are
 * counted per last user message, with the most that were in progress at the same time.
 */
final class FakeLlmServer {

    static final int PORT = 19510;
    /** The length of a {@code [huge]} answer: above the test servers' AGENTRY_LLM_MAX_RESPONSE_BYTES. */
    static final int HUGE_CHARS = 3_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeLlmServer instance;

    /** A request as received: which protocol, the body, the path and the credential it carried (or null). */
    record Recorded(String provider, JsonNode body, String path, String credential, long receivedAtNanos) {
    }

    final ConcurrentLinkedQueue<Recorded> requests = new ConcurrentLinkedQueue<>();
    /** What {@code /jwks.json} serves: the identity provider's keys (JSON Web Key objects). */
    private volatile String jwks = "{\"keys\":[]}";

    /** Publishes these JSON Web Keys as the identity provider's key set (a rotation replaces it). */
    void publishJwks(String... keys) {
        jwks = "{\"keys\":[" + String.join(",", keys) + "]}";
    }
    /** Per marker text: pieces written before the stream ended, and whether the client went away. */
    final Map<String, Integer> streamedPieces = new ConcurrentHashMap<>();
    final Map<String, Boolean> streamAborted = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> flaky = new ConcurrentHashMap<>();
    /** Per last user message: requests received, in progress now, and the most in progress at once. */
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();
    final Map<String, Integer> mostAtOnce = new ConcurrentHashMap<>();

    static synchronized FakeLlmServer start() {
        if (instance == null) {
            try {
                instance = new FakeLlmServer();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the fake LLM server on port " + PORT, e);
            }
        }
        return instance;
    }

    private FakeLlmServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 200);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-llm");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/openai/v1/chat/completions", e -> handle(e, "openai"));
        server.createContext("/compat/v1/chat/completions", e -> handle(e, "openai_compatible"));
        server.createContext("/anthropic/v1/messages", e -> handle(e, "anthropic"));
        server.createContext("/ollama/api/chat", e -> handle(e, "ollama"));
        // A second OpenAI-compatible endpoint, for organizations that bring their own base URL
        server.createContext("/own/v1/chat/completions", e -> handle(e, "openai"));
        // The test identity provider's key set (the H2 server's MP_JWT_VERIFY_PUBLICKEY_LOCATION)
        // OpenAI's embeddings API: an 8-dimension vector per input, from its words' hashes
        server.createContext("/openai/v1/embeddings", e -> {
            try (e) {
                JsonNode request = JSON.readTree(e.getRequestBody());
                ObjectNode response = JSON.createObjectNode().put("object", "list").put("model", request.path("model").asText());
                com.fasterxml.jackson.databind.node.ArrayNode data = response.putArray("data");
                JsonNode input = request.path("input");
                int i = 0;
                for (JsonNode text : input.isArray() ? input : JSON.createArrayNode().add(input)) {
                    com.fasterxml.jackson.databind.node.ArrayNode vector = data.addObject().put("object", "embedding").put("index", i++)
                            .putArray("embedding");
                    float[] v = new float[8];
                    for (String word : text.asText().toLowerCase().split("\\W+")) {
                        v[Math.floorMod(word.hashCode(), 8)] += 1;
                    }
                    for (float f : v) {
                        vector.add(f + 0.01f);
                    }
                }
                response.putObject("usage").put("prompt_tokens", 3).put("total_tokens", 3);
                e.getResponseHeaders().add("Connection", "close"); // each call connects anew (DnsRebindingIT)
                json(e, 200, response);
            }
        });
        server.createContext("/jwks.json", e -> {
            try (e) {
                byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
                e.getResponseHeaders().add("Content-Type", "application/json");
                e.sendResponseHeaders(200, body.length);
                e.getResponseBody().write(body);
            }
        });
        server.start();
    }

    /** The recorded requests whose body contains {@code marker} anywhere (use a unique one). */
    List<Recorded> requestsWith(String marker) {
        List<Recorded> found = new ArrayList<>();
        for (Recorded r : requests) {
            if (r.body().toString().contains(marker)) {
                found.add(r);
            }
        }
        return found;
    }

    private void handle(HttpExchange exchange, String provider) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String credential = exchange.getRequestHeaders().getFirst(provider.equals("anthropic") ? "x-api-key" : "Authorization");
            requests.add(new Recorded(provider, body, exchange.getRequestURI().getPath(), credential, System.nanoTime()));
            Turn turn = Turn.of(provider, body);
            String text = turn.userText();
            calls.computeIfAbsent(text, k -> new AtomicInteger()).incrementAndGet();
            int now = inProgress.computeIfAbsent(text, k -> new AtomicInteger()).incrementAndGet();
            mostAtOnce.merge(text, now, Math::max);
            try {
                answer(exchange, provider, body, turn, text);
            } finally {
                inProgress.get(text).decrementAndGet();
            }
        }
    }

    /** Requests in progress now whose last user message contains {@code marker}. */
    int inProgressWith(String marker) {
        return inProgress.entrySet().stream().filter(e -> e.getKey().contains(marker)).mapToInt(e -> e.getValue().get()).sum();
    }

    /** Requests whose last user message contains {@code marker}, summed. */
    int callsWith(String marker) {
        return calls.entrySet().stream().filter(e -> e.getKey().contains(marker)).mapToInt(e -> e.getValue().get()).sum();
    }

    private void answer(HttpExchange exchange, String provider, JsonNode body, Turn turn, String text) throws IOException {
        Integer failure = failureStatus(text);
        if (failure != null) {
            error(exchange, provider, failure, text);
            return;
        }
        if (text.contains("[slow]")) {
            sleep(6_000);
        }
        if (text.contains("[wait]")) {
            sleep(1_500);
        }
        java.util.regex.Matcher pause = java.util.regex.Pattern.compile("\\[ms:(\\d+)]").matcher(text);
        if (pause.find()) {
            sleep(Long.parseLong(pause.group(1)));
        }
        boolean stream = provider.equals("ollama") ? !body.has("stream") || body.get("stream").asBoolean()
                : body.path("stream").asBoolean(false);
        Reply reply = text.contains("[huge]") ? Reply.text("x".repeat(HUGE_CHARS), 5) : turn.reply();
        switch (provider) {
            case "anthropic" -> {
                if (stream) anthropicStream(exchange, body, reply, text); else anthropic(exchange, body, reply);
            }
            case "ollama" -> {
                if (stream) ollamaStream(exchange, body, reply, text); else ollama(exchange, body, reply);
            }
            default -> {
                if (stream) openAiStream(exchange, body, reply, text); else openAi(exchange, body, reply);
            }
        }
    }

    private Integer failureStatus(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[fail:(\\d{3})(?::\\d+)?]").matcher(text);
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        if (text.contains("[flaky]") && flaky.computeIfAbsent(text, k -> new AtomicInteger()).getAndIncrement() == 0) {
            return 503;
        }
        java.util.regex.Matcher refuse = java.util.regex.Pattern.compile("\\[refuse-first:(\\d+)]").matcher(text);
        if (refuse.find() && flaky.computeIfAbsent(text, k -> new AtomicInteger()).getAndIncrement() < Integer.parseInt(refuse.group(1))) {
            return 400;
        }
        java.util.regex.Matcher first = java.util.regex.Pattern.compile("\\[fail-first:(\\d+)]").matcher(text);
        if (first.find() && flaky.computeIfAbsent(text, k -> new AtomicInteger()).getAndIncrement() < Integer.parseInt(first.group(1))) {
            return 503;
        }
        return null;
    }

    /** A tool call the model makes. */
    record ToolCall(String name, String arguments) {
    }

    /** What the model answers: text, or tool calls (several at once for a parallel call). */
    record Reply(String text, List<ToolCall> tools, int promptTokens) {
        static Reply text(String text, int promptTokens) {
            return new Reply(text, List.of(), promptTokens);
        }

        static Reply tool(String name, String arguments, int promptTokens) {
            return new Reply(null, List.of(new ToolCall(name, arguments)), promptTokens);
        }

        boolean calls() {
            return !tools.isEmpty();
        }

        int completionTokens() {
            return text == null ? 5 : text.split("\\s+").length;
        }

        List<String> pieces(String userText) {
            List<String> pieces = new ArrayList<>();
            if (userText.contains("[huge]")) {
                for (int i = 0; i < HUGE_CHARS; i += 1000) {
                    pieces.add(text.substring(i, Math.min(text.length(), i + 1000)));
                }
                return pieces;
            }
            if (userText.contains("[long]")) {
                for (int i = 0; i < 300; i++) {
                    pieces.add("piece" + i + " ");
                }
                return pieces;
            }
            String[] words = text.split(" ");
            for (int i = 0; i < words.length; i++) {
                pieces.add(i == 0 ? words[i] : " " + words[i]);
            }
            return pieces;
        }
    }

    /** The request seen the same way whatever the provider. */
    record Turn(List<String[]> messages, boolean hasTools, List<String> toolNames) {

        static Turn of(String provider, JsonNode body) {
            List<String[]> messages = new ArrayList<>();
            if (body.hasNonNull("system")) {
                messages.add(new String[] {"system", text(body.get("system"))});
            }
            for (JsonNode m : body.path("messages")) {
                String role = m.path("role").asText();
                JsonNode content = m.get("content");
                if (provider.equals("anthropic") && content != null && content.isArray()) {
                    for (JsonNode block : content) {
                        if (block.path("type").asText().equals("tool_result")) {
                            messages.add(new String[] {"tool", text(block.get("content"))});
                        }
                    }
                    String t = text(content);
                    if (!t.isEmpty()) {
                        messages.add(new String[] {role, t});
                    } else if (role.equals("assistant")) {
                        messages.add(new String[] {role, ""});
                    }
                } else {
                    messages.add(new String[] {role, content == null || content.isNull() ? "" : text(content)});
                }
            }
            JsonNode choice = body.path("tool_choice"); // OpenAI "none", Anthropic {"type": "none"}
            boolean toolsForbidden = choice.asText().equals("none") || choice.path("type").asText().equals("none");
            List<String> names = new ArrayList<>();
            if (!toolsForbidden) {
                for (JsonNode tool : body.path("tools")) {
                    names.add(tool.has("function") ? tool.path("function").path("name").asText() : tool.path("name").asText());
                }
            }
            return new Turn(messages, body.has("tools") && body.get("tools").size() > 0 && !toolsForbidden, names);
        }

        private static String text(JsonNode content) {
            if (content == null || content.isNull()) {
                return "";
            }
            if (content.isTextual()) {
                return content.asText();
            }
            StringBuilder sb = new StringBuilder();
            for (JsonNode block : content) {
                if (block.path("type").asText().equals("text")) {
                    sb.append(block.path("text").asText());
                }
            }
            return sb.toString();
        }

        String userText() {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i)[0].equals("user")) {
                    return messages.get(i)[1];
                }
            }
            return "";
        }

        Reply reply() {
            int prompt = 10 * messages.size();
            String[] last = messages.get(messages.size() - 1);
            String user = userText();
            if (user.contains("[tool:loop]") && hasTools) { // a model that never stops calling tools
                return Reply.tool("search_knowledge_base", JSON.createObjectNode().put("query", "again").toString(), prompt);
            }
            List<String> delegates = toolNames.stream().filter(n -> n.startsWith("delegate_to_")).toList();
            if (user.contains("[delegate:loop]") && !delegates.isEmpty()) { // a lead that never stops delegating
                return Reply.tool(delegates.get(0), JSON.createObjectNode().put("task", "Another part").toString(), prompt);
            }
            if (last[0].equals("tool")) {
                List<String> results = new ArrayList<>();
                for (int i = messages.size() - 1; i >= 0 && messages.get(i)[0].equals("tool"); i--) {
                    results.add(0, messages.get(i)[1].lines().findFirst().orElse(""));
                }
                return Reply.text("Based on " + String.join(" | ", results), prompt);
            }
            if (user.contains("[delegate:all]") && !delegates.isEmpty()) { // one call per member, in parallel
                List<ToolCall> calls = new ArrayList<>();
                for (String tool : delegates) {
                    calls.add(new ToolCall(tool, JSON.createObjectNode()
                            .put("task", "Do the part of " + tool.substring("delegate_to_".length())
                                    + (user.contains("[parallel]") ? " [ms:800]" : "") + (user.contains("[slow-members]") ? " [ms:2500]" : ""))
                            .put("context", "Shared context for " + tool).put("expected_output", "One line").toString()));
                }
                return new Reply(null, calls, prompt);
            }
            int kb = user.indexOf("[tool:kb]");
            if (kb >= 0 && hasTools) {
                String query = user.substring(kb + "[tool:kb]".length()).trim();
                return Reply.tool("search_knowledge_base", JSON.createObjectNode().put("query", query).toString(), prompt);
            }
            long said = user.split("\n- ", -1).length - 1; // statements of a collaboration's transcript
            if (user.contains("Reply with only the name of the next speaker")) { // the last candidate
                String candidates = user.lines().filter(l -> l.startsWith("Candidates: ")).findFirst().orElse("Candidates: ");
                String[] names = candidates.substring("Candidates: ".length()).split(", ");
                return Reply.text(names[names.length - 1], prompt);
            }
            if (user.contains("Has the discussion reached its goal?")) {
                java.util.regex.Matcher done = java.util.regex.Pattern.compile("\\[done-after:(\\d+)]").matcher(user);
                return Reply.text(done.find() && said >= Long.parseLong(done.group(1))
                        ? "DONE: Final statement after " + said + " statements" : "CONTINUE", prompt);
            }
            if (user.contains("[brief]")) {
                java.util.regex.Matcher agree = java.util.regex.Pattern.compile("\\[agree-after:(\\d+)]").matcher(user);
                boolean agrees = agree.find() && said >= Long.parseLong(agree.group(1));
                return Reply.text("Statement " + (said + 1) + (agrees ? " [AGREE]" : ""), prompt);
            }
            return Reply.text("Echo: " + user + " (" + messages.size() + " messages)", prompt);
        }
    }

    // ---- OpenAI chat completions -------------------------------------------------------------

    private void openAi(HttpExchange exchange, JsonNode request, Reply reply) throws IOException {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        if (reply.calls()) {
            message.putNull("content");
            ArrayNode calls = message.putArray("tool_calls");
            for (int i = 0; i < reply.tools().size(); i++) {
                calls.addObject().put("id", "call_" + (i + 1)).put("type", "function").putObject("function")
                        .put("name", reply.tools().get(i).name()).put("arguments", reply.tools().get(i).arguments());
            }
        } else {
            message.put("content", reply.text());
        }
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", request.path("model").asText());
        body.putArray("choices").addObject().put("index", 0).set("message", message);
        ((ObjectNode) body.get("choices").get(0)).put("finish_reason", reply.calls() ? "tool_calls" : "stop");
        body.putObject("usage").put("prompt_tokens", reply.promptTokens()).put("completion_tokens", reply.completionTokens())
                .put("total_tokens", reply.promptTokens() + reply.completionTokens());
        json(exchange, 200, body);
    }

    private void openAiStream(HttpExchange exchange, JsonNode request, Reply reply, String userText) throws IOException {
        OutputStream out = startStream(exchange, "text/event-stream");
        String model = request.path("model").asText();
        if (reply.calls()) {
            for (int i = 0; i < reply.tools().size(); i++) {
                ObjectNode delta = JSON.createObjectNode();
                if (i == 0) {
                    delta.put("role", "assistant");
                }
                delta.putArray("tool_calls").addObject().put("index", i).put("id", "call_" + (i + 1)).put("type", "function")
                        .putObject("function").put("name", reply.tools().get(i).name())
                        .put("arguments", reply.tools().get(i).arguments());
                sse(out, null, chunk(model, delta, null));
            }
            sse(out, null, chunk(model, JSON.createObjectNode(), "tool_calls"));
        } else if (!streamPieces(out, userText, reply, piece -> sse(out, null, chunk(model, JSON.createObjectNode().put("content", piece), null)),
                reason -> sse(out, null, (ObjectNode) JSON.createObjectNode().set("error", JSON.createObjectNode()
                        .put("message", "The server is " + reason + ".").put("type", "server_error"))))) {
            return;
        } else {
            sse(out, null, chunk(model, JSON.createObjectNode(), "stop"));
        }
        ObjectNode usage = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion.chunk").put("model", model);
        usage.putArray("choices");
        usage.putObject("usage").put("prompt_tokens", reply.promptTokens()).put("completion_tokens", reply.completionTokens())
                .put("total_tokens", reply.promptTokens() + reply.completionTokens());
        sse(out, null, usage);
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode chunk(String model, ObjectNode delta, String finishReason) {
        ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion.chunk")
                .put("created", System.currentTimeMillis() / 1000).put("model", model);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    // ---- Anthropic messages --------------------------------------------------------------------

    private void anthropic(HttpExchange exchange, JsonNode request, Reply reply) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("id", "msg_1").put("type", "message").put("role", "assistant")
                .put("model", request.path("model").asText());
        ArrayNode content = body.putArray("content");
        if (reply.calls()) {
            for (int i = 0; i < reply.tools().size(); i++) {
                content.addObject().put("type", "tool_use").put("id", "toolu_" + (i + 1)).put("name", reply.tools().get(i).name())
                        .set("input", JSON.readTree(reply.tools().get(i).arguments()));
            }
            body.put("stop_reason", "tool_use");
        } else {
            content.addObject().put("type", "text").put("text", reply.text());
            body.put("stop_reason", "end_turn");
        }
        body.putNull("stop_sequence");
        body.putObject("usage").put("input_tokens", reply.promptTokens()).put("output_tokens", reply.completionTokens());
        json(exchange, 200, body);
    }

    private void anthropicStream(HttpExchange exchange, JsonNode request, Reply reply, String userText) throws IOException {
        OutputStream out = startStream(exchange, "text/event-stream");
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message").put("id", "msg_1").put("type", "message").put("role", "assistant")
                .put("model", request.path("model").asText());
        message.putArray("content");
        message.putNull("stop_reason");
        message.putObject("usage").put("input_tokens", reply.promptTokens()).put("output_tokens", 1);
        sse(out, "message_start", start);
        if (reply.calls()) {
            for (int i = 0; i < reply.tools().size(); i++) {
                ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", i);
                blockStart.putObject("content_block").put("type", "tool_use").put("id", "toolu_" + (i + 1))
                        .put("name", reply.tools().get(i).name()).putObject("input");
                sse(out, "content_block_start", blockStart);
                ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", i);
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", reply.tools().get(i).arguments());
                sse(out, "content_block_delta", delta);
                if (i < reply.tools().size() - 1) {
                    sse(out, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", i));
                }
            }
        } else {
            ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
            blockStart.putObject("content_block").put("type", "text").put("text", "");
            sse(out, "content_block_start", blockStart);
            boolean completed = streamPieces(out, userText, reply, piece -> {
                ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
                delta.putObject("delta").put("type", "text_delta").put("text", piece);
                sse(out, "content_block_delta", delta);
            }, reason -> sse(out, "error", (ObjectNode) JSON.createObjectNode().put("type", "error").set("error",
                    JSON.createObjectNode().put("type", "overloaded_error").put("message", "Overloaded"))));
            if (!completed) {
                return;
            }
        }
        int lastBlock = reply.calls() ? reply.tools().size() - 1 : 0;
        sse(out, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", lastBlock));
        ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
        end.putObject("delta").put("stop_reason", reply.calls() ? "tool_use" : "end_turn").putNull("stop_sequence");
        end.putObject("usage").put("output_tokens", reply.completionTokens());
        sse(out, "message_delta", end);
        sse(out, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
    }

    // ---- Ollama chat ---------------------------------------------------------------------------

    private void ollama(HttpExchange exchange, JsonNode request, Reply reply) throws IOException {
        json(exchange, 200, ollamaFinal(request, reply, true));
    }

    private ObjectNode ollamaFinal(JsonNode request, Reply reply, boolean withContent) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("model", request.path("model").asText())
                .put("created_at", java.time.Instant.now().toString());
        ObjectNode message = body.putObject("message").put("role", "assistant");
        if (reply.calls()) {
            message.put("content", "");
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : reply.tools()) {
                calls.addObject().putObject("function").put("name", call.name()).set("arguments", JSON.readTree(call.arguments()));
            }
        } else {
            message.put("content", withContent ? reply.text() : "");
        }
        body.put("done", true).put("done_reason", "stop").put("prompt_eval_count", reply.promptTokens())
                .put("eval_count", reply.completionTokens());
        return body;
    }

    private void ollamaStream(HttpExchange exchange, JsonNode request, Reply reply, String userText) throws IOException {
        OutputStream out = startStream(exchange, "application/x-ndjson");
        if (!reply.calls()) {
            boolean completed = streamPieces(out, userText, reply, piece -> {
                ObjectNode chunk = JSON.createObjectNode().put("model", request.path("model").asText())
                        .put("created_at", java.time.Instant.now().toString());
                chunk.putObject("message").put("role", "assistant").put("content", piece);
                chunk.put("done", false);
                line(out, chunk);
            }, reason -> line(out, JSON.createObjectNode().put("error", "model runner " + reason)));
            if (!completed) {
                return;
            }
        }
        line(out, ollamaFinal(request, reply, false));
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private interface PieceWriter {
        void write(String piece) throws IOException;
    }

    /**
     * Writes the reply's pieces; false if the stream must not be completed: the client went away
     * (recorded as aborted), or {@code [break]} asked for the provider's own mid-stream error after
     * three pieces. {@code [stall]} goes silent for 6 s after two pieces.
     */
    private boolean streamPieces(OutputStream out, String userText, Reply reply, PieceWriter writer, PieceWriter breaker) {
        List<String> pieces = reply.pieces(userText);
        boolean slowly = userText.contains("[long]");
        int written = 0;
        try {
            for (String piece : pieces) {
                writer.write(piece);
                written++;
                streamedPieces.put(userText, written);
                if (slowly) {
                    sleep(20);
                }
                if (written == 2 && userText.contains("[stall]")) {
                    sleep(6_000);
                }
                if (written == 3 && userText.contains("[break]")) {
                    breaker.write("overloaded");
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            streamAborted.put(userText, true);
            return false;
        }
    }

    private void error(HttpExchange exchange, String provider, int status, String userText) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        switch (provider) {
            case "anthropic" -> body.put("type", "error").putObject("error")
                    .put("type", status == 429 ? "rate_limit_error" : "api_error").put("message", "fake failure " + status);
            case "ollama" -> body.put("error", "fake failure " + status);
            default -> body.putObject("error").put("message", "fake failure " + status)
                    .put("type", status == 429 ? "rate_limit_exceeded" : "server_error");
        }
        if (status == 429) { // [fail:429:N] asks for N seconds, else 1
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[fail:429:(\\d+)]").matcher(userText);
            exchange.getResponseHeaders().add("Retry-After", m.find() ? m.group(1) : "1");
        }
        json(exchange, status, body);
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static OutputStream startStream(HttpExchange exchange, String type) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void sse(OutputStream out, String event, JsonNode data) throws IOException {
        String frame = (event == null ? "" : "event: " + event + "\n") + "data: " + JSON.writeValueAsString(data) + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void line(OutputStream out, JsonNode data) throws IOException {
        out.write((JSON.writeValueAsString(data) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
