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
 * each streamed (SSE; NDJSON for Ollama) or whole, with tool calls.
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
 * <li>{@code [ms:<n>]}: the echo after n milliseconds;</li>
 * <li>{@code [fail-first:<n>]}: 503 for the first n requests of that message, then the echo.</li>
 * </ul>
 * Every request body is recorded, each stream counts the pieces it could write, and requests are
 * counted per last user message, with the most that were in progress at the same time.
 */
final class FakeLlmServer {

    static final int PORT = 19510;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeLlmServer instance;

    /** A request as received: which protocol, the body, the path and the credential it carried (or null). */
    record Recorded(String provider, JsonNode body, String path, String credential) {
    }

    final ConcurrentLinkedQueue<Recorded> requests = new ConcurrentLinkedQueue<>();
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
            requests.add(new Recorded(provider, body, exchange.getRequestURI().getPath(), credential));
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
        Reply reply = turn.reply();
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
        java.util.regex.Matcher first = java.util.regex.Pattern.compile("\\[fail-first:(\\d+)]").matcher(text);
        if (first.find() && flaky.computeIfAbsent(text, k -> new AtomicInteger()).getAndIncrement() < Integer.parseInt(first.group(1))) {
            return 503;
        }
        return null;
    }

    /** What the model answers: text, or one tool call. */
    record Reply(String text, String toolName, String toolArguments, int promptTokens) {
        int completionTokens() {
            return text == null ? 5 : text.split("\\s+").length;
        }

        List<String> pieces(String userText) {
            List<String> pieces = new ArrayList<>();
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
    record Turn(List<String[]> messages, boolean hasTools) {

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
            return new Turn(messages, body.has("tools") && body.get("tools").size() > 0 && !toolsForbidden);
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
            if (userText().contains("[tool:loop]") && hasTools) { // a model that never stops calling tools
                return new Reply(null, "search_knowledge_base", JSON.createObjectNode().put("query", "again").toString(), prompt);
            }
            if (last[0].equals("tool")) {
                String firstLine = last[1].lines().findFirst().orElse("");
                return new Reply("Based on " + firstLine, null, null, prompt);
            }
            String user = userText();
            int kb = user.indexOf("[tool:kb]");
            if (kb >= 0 && hasTools) {
                String query = user.substring(kb + "[tool:kb]".length()).trim();
                return new Reply(null, "search_knowledge_base", JSON.createObjectNode().put("query", query).toString(), prompt);
            }
            return new Reply("Echo: " + user + " (" + messages.size() + " messages)", null, null, prompt);
        }
    }

    // ---- OpenAI chat completions -------------------------------------------------------------

    private void openAi(HttpExchange exchange, JsonNode request, Reply reply) throws IOException {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        if (reply.toolName() != null) {
            message.putNull("content");
            ArrayNode calls = message.putArray("tool_calls");
            calls.addObject().put("id", "call_1").put("type", "function").putObject("function")
                    .put("name", reply.toolName()).put("arguments", reply.toolArguments());
        } else {
            message.put("content", reply.text());
        }
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", request.path("model").asText());
        body.putArray("choices").addObject().put("index", 0).set("message", message);
        ((ObjectNode) body.get("choices").get(0)).put("finish_reason", reply.toolName() != null ? "tool_calls" : "stop");
        body.putObject("usage").put("prompt_tokens", reply.promptTokens()).put("completion_tokens", reply.completionTokens())
                .put("total_tokens", reply.promptTokens() + reply.completionTokens());
        json(exchange, 200, body);
    }

    private void openAiStream(HttpExchange exchange, JsonNode request, Reply reply, String userText) throws IOException {
        OutputStream out = startStream(exchange, "text/event-stream");
        String model = request.path("model").asText();
        if (reply.toolName() != null) {
            ObjectNode delta = JSON.createObjectNode().put("role", "assistant");
            delta.putArray("tool_calls").addObject().put("index", 0).put("id", "call_1").put("type", "function")
                    .putObject("function").put("name", reply.toolName()).put("arguments", reply.toolArguments());
            sse(out, null, chunk(model, delta, null));
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
        if (reply.toolName() != null) {
            content.addObject().put("type", "tool_use").put("id", "toolu_1").put("name", reply.toolName())
                    .set("input", JSON.readTree(reply.toolArguments()));
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
        if (reply.toolName() != null) {
            ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
            blockStart.putObject("content_block").put("type", "tool_use").put("id", "toolu_1").put("name", reply.toolName())
                    .putObject("input");
            sse(out, "content_block_start", blockStart);
            ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "input_json_delta").put("partial_json", reply.toolArguments());
            sse(out, "content_block_delta", delta);
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
        sse(out, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
        ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
        end.putObject("delta").put("stop_reason", reply.toolName() != null ? "tool_use" : "end_turn").putNull("stop_sequence");
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
        if (reply.toolName() != null) {
            message.put("content", "");
            message.putArray("tool_calls").addObject().putObject("function").put("name", reply.toolName())
                    .set("arguments", JSON.readTree(reply.toolArguments()));
        } else {
            message.put("content", withContent ? reply.text() : "");
        }
        body.put("done", true).put("done_reason", "stop").put("prompt_eval_count", reply.promptTokens())
                .put("eval_count", reply.completionTokens());
        return body;
    }

    private void ollamaStream(HttpExchange exchange, JsonNode request, Reply reply, String userText) throws IOException {
        OutputStream out = startStream(exchange, "application/x-ndjson");
        if (reply.toolName() == null) {
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
