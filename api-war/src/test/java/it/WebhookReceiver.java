package it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;

/**
 * A local webhook receiver for the tests: every POST to {@code /<name>} is recorded (headers and
 * body) and answered from that name's script of statuses (then 204), so a test makes a receiver
 * that fails, asks to wait (Retry-After) or is gone. Signatures are checked by the tests with
 * Standard Webhooks' reference library.
 */
final class WebhookReceiver implements AutoCloseable {

    /** AGENTRY_WEBHOOKS_SECRET of the test servers (src/test/liberty): signs chat replies to webhook_url. */
    static final String SERVER_SECRET = "whsec_dGVzdC1vbmx5LXdlYmhvb2stc2lnbmluZy1zZWNyZXQ=";

    /** One POST as received. */
    record Received(String name, Map<String, List<String>> headers, String body, long atNanos) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        JsonNode json() {
            return Api.parseObject(body);
        }

        HttpHeaders httpHeaders() {
            return HttpHeaders.of(headers, (a, b) -> true);
        }
    }

    private final HttpServer server;
    private final Deque<Received> received = new ConcurrentLinkedDeque<>();
    private final Map<String, Deque<int[]>> scripts = new ConcurrentHashMap<>();

    WebhookReceiver() {
        this(false);
    }

    /** {@code closeConnections}: every answer closes its connection, so each post connects anew. */
    WebhookReceiver(boolean closeConnections) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 500);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", e -> {
            try (e) {
                String body = new String(e.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String name = e.getRequestURI().getPath().substring(1);
                Map<String, List<String>> headers = new java.util.TreeMap<>();
                e.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
                received.add(new Received(name, headers, body, System.nanoTime()));
                Deque<int[]> script = scripts.get(name);
                int[] answer = script == null ? null : script.poll();
                if (answer != null && answer.length > 1) {
                    e.getResponseHeaders().add("Retry-After", String.valueOf(answer[1]));
                }
                if (closeConnections) {
                    e.getResponseHeaders().add("Connection", "close");
                }
                e.sendResponseHeaders(answer == null ? 204 : answer[0], -1);
            }
        });
        server.start();
    }

    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    /** The next answers of {@code name}: each a status, or {status, retryAfterSeconds}. */
    WebhookReceiver script(String name, int[]... answers) {
        scripts.put(name, new ConcurrentLinkedDeque<>(List.of(answers)));
        return this;
    }

    List<Received> received(String name) {
        List<Received> found = new ArrayList<>();
        for (Received r : received) {
            if (r.name().equals(name)) {
                found.add(r);
            }
        }
        return found;
    }

    /** Waits until {@code name} has received at least {@code count} posts. */
    List<Received> await(String name, int count, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<Received> found = received(name);
        while (found.size() < count && System.currentTimeMillis() < deadline) {
            Api.sleep(50);
            found = received(name);
        }
        return found;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
