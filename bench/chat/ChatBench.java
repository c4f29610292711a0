import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chat benchmark's two halves, in one file run by bench/chat.sh:
 *
 *   fake PORT LATENCY_MS TOKENS     an OpenAI-compatible chat-completions server: answers after
 *                                   LATENCY_MS with TOKENS tokens (streamed back to back, or whole);
 *                                   model "hold" streams one token a second for TOKENS seconds
 *   load URL TOKEN MODE CLIENTS SECONDS AGENT|-   CLIENTS closed-loop clients for SECONDS; MODE sync or
 *                                   stream; prints requests/s, p50/p99 latency, p50/p99 time to
 *                                   first token (stream), errors. AGENT "-" calls the fake directly.
 *   hold URL TOKEN AGENT STREAMS    opens STREAMS chat streams at once and reads each to its end;
 *                                   prints how many completed and how many failed
 */
public class ChatBench {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fake" -> fake(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "load" -> load(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]), args[6]);
            case "hold" -> hold(args[1], args[2], args[3], Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    // ---- the fake provider -------------------------------------------------------------------

    private static final java.util.regex.Pattern HOLD = java.util.regex.Pattern.compile("\"model\"\\s*:\\s*\"hold\"");
    private static final java.util.regex.Pattern STREAM = java.util.regex.Pattern.compile("\"stream\"\\s*:\\s*true");

    /** Sees every request body as it arrives (bench/work's dispatch latency); nothing by default. */
    static volatile java.util.function.Consumer<String> onRequest = body -> { };

    static void fake(int port, int latencyMillis, int tokens) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", e -> {
            try (e) {
                String body = new String(e.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                onRequest.accept(body);
                boolean hold = HOLD.matcher(body).find();
                boolean stream = STREAM.matcher(body).find();
                sleep(latencyMillis);
                if (!stream) {
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < tokens; i++) {
                        text.append("tok").append(i).append(' ');
                    }
                    byte[] json = ("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"fake\",\"choices\":[{\"index\":0,"
                            + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text.toString().trim() + "\"},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + tokens + ",\"total_tokens\":" + (12 + tokens) + "}}")
                            .getBytes(StandardCharsets.UTF_8);
                    e.getResponseHeaders().add("Content-Type", "application/json");
                    e.sendResponseHeaders(200, json.length);
                    e.getResponseBody().write(json);
                    return;
                }
                e.getResponseHeaders().add("Content-Type", "text/event-stream");
                e.sendResponseHeaders(200, 0);
                OutputStream out = e.getResponseBody();
                for (int i = 0; i < tokens; i++) {
                    chunk(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake\",\"choices\":[{\"index\":0,"
                            + "\"delta\":{\"content\":\"tok" + i + " \"},\"finish_reason\":null}]}");
                    if (hold) {
                        sleep(1_000);
                    }
                }
                chunk(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{},\"finish_reason\":\"stop\"}]}");
                chunk(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + tokens + ",\"total_tokens\":" + (12 + tokens) + "}}");
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException ignored) {
                // the client left
            }
        });
        server.start();
        System.out.println("fake OpenAI-compatible server on " + port + ", " + latencyMillis + " ms, " + tokens + " tokens");
    }

    private static void chunk(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    // ---- closed-loop load ------------------------------------------------------------------

    record Sample(long totalNanos, long firstTokenNanos) {
    }

    static void load(String url, String token, String mode, int clients, int seconds, String agent) throws Exception {
        System.out.println(measure(url, token, mode, clients, seconds, agent));
        System.exit(0);
    }

    /** One load run's line: target, mode, clients, req/s, p50, p99, first-token p50, p99, errors. */
    static String measure(String url, String token, String mode, int clients, int seconds, String agent) throws Exception {
        boolean stream = mode.equals("stream");
        boolean direct = agent.equals("-");
        URI target = URI.create(direct ? url + "/v1/chat/completions" : url + "/api/v1/chat/" + agent);
        String body = direct
                ? "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"stream\":" + stream + "}"
                : "{\"message\":\"hello\",\"stream\":" + stream + "}";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).build();
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(5, seconds / 4));
        long end = warmUpEnd + TimeUnit.SECONDS.toNanos(seconds);
        Thread[] threads = new Thread[clients];
        for (int t = 0; t < clients; t++) {
            threads[t] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                        long first = -1;
                        boolean complete = false;
                        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = in.readLine()) != null) {
                                if (first < 0 && (line.startsWith("event: delta") || line.contains("\"content\":\"tok")
                                        || line.contains("\"reply\""))) {
                                    first = System.nanoTime();
                                }
                                if (line.contains("message_end") || line.contains("[DONE]") || line.contains("\"reply\"")
                                        || line.contains("chat.completion\"")) {
                                    complete = true;
                                }
                            }
                        }
                        long done = System.nanoTime();
                        if (response.statusCode() != 200 || !complete) {
                            errors.incrementAndGet();
                        } else if (start > warmUpEnd) {
                            samples.add(new Sample(done - start, first < 0 ? done - start : first - start));
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        List<Long> total = samples.stream().map(Sample::totalNanos).sorted().toList();
        List<Long> first = samples.stream().map(Sample::firstTokenNanos).sorted().toList();
        return String.format("%s\t%s\t%d\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%d", direct ? "direct" : "agentry", mode, clients,
                total.size() / (double) seconds, ms(pct(total, 50)), ms(pct(total, 99)), ms(pct(first, 50)), ms(pct(first, 99)),
                errors.get());
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    // ---- many open streams -------------------------------------------------------------------

    static void hold(String url, String token, String agent, int streams) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8)).connectTimeout(Duration.ofSeconds(60)).build();
        URI target = URI.create(url + "/api/v1/chat/" + agent);
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger maxOpen = new AtomicInteger();
        AtomicLong firstEventMax = new AtomicLong();
        CountDownLatch done = new CountDownLatch(streams);
        java.util.concurrent.ExecutorService readers = Executors.newCachedThreadPool();
        long start = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(300))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"hold " + i + "\",\"stream\":true}")).build();
            CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> f =
                    client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
            f.whenComplete((response, error) -> {
                if (error != null || response.statusCode() != 200) {
                    failed.incrementAndGet();
                    done.countDown();
                    return;
                }
                int now = open.incrementAndGet();
                maxOpen.accumulateAndGet(now, Math::max);
                firstEventMax.accumulateAndGet(System.nanoTime() - start, Math::max);
                readers.execute(() -> { // a blocking reader per stream, as a simple client would
                    try (java.util.stream.Stream<String> lines = response.body()) {
                        boolean ended = lines.anyMatch(l -> l.startsWith("event: message_end"));
                        (ended ? completed : failed).incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    } finally {
                        open.decrementAndGet();
                        done.countDown();
                    }
                });
            });
        }
        while (!done.await(5, TimeUnit.SECONDS)) {
            System.err.printf("  %.0f s: %d open, %d completed, %d failed%n", (System.nanoTime() - start) / 1e9, open.get(),
                    completed.get(), failed.get());
        }
        System.out.printf("hold\t%d\t%d\t%d\t%d\t%.1f\t%.1f%n", streams, maxOpen.get(), completed.get(), failed.get(),
                firstEventMax.get() / 1e9, (System.nanoTime() - start) / 1e9);
        System.exit(0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
