import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The work benchmark's load client (bench/work.sh), compiled with bench/chat/ChatBench.java,
 * whose zero-latency OpenAI-compatible fake it runs in this process:
 *
 *   tasks URL TOKEN FAKE_PORT AGENT CLIENTS SECONDS TASKS RATE
 *       1. sync chat: CLIENTS closed-loop clients for SECONDS against the agent (ChatBench's load);
 *       2. task throughput: CLIENTS clients create TASKS tasks for the agent as fast as they can;
 *          tasks/s from the first create to the last completion;
 *       3. dispatch latency: tasks created one at a time at RATE per second for SECONDS; for each,
 *          the time from the create's answer (the task is committed) to the model request's
 *          arrival at the fake (the same process's clock), p50 and p99.
 *   webhooks URL TOKEN FAKE_PORT AGENT SUBSCRIPTIONS TASKS RECEIVER_PORT [READY_FILE EXPECTED]
 *       SUBSCRIPTIONS subscriptions to every event on a receiver in this process, then TASKS tasks:
 *       each sends task.started and task.completed to each subscription. With TASKS 0 the events
 *       come from elsewhere (bench/work.sh queues them in the database): the client creates
 *       READY_FILE once subscribed and waits for EXPECTED deliveries. Prints deliveries expected
 *       and received, distinct webhook-ids (lost = expected - distinct), duplicates, and
 *       deliveries per second from the first to the last.
 *   runs URL TOKEN FAKE_PORT AGENT RUNS CONCURRENT
 *       A pipeline team of three steps, each the agent on the zero-latency fake. First the model
 *       call itself: 200 streamed requests sent straight to the fake, as the server sends them
 *       (p50). Then RUNS runs one after the other, each timed from the POST to the `done` event of
 *       its event stream; a step's overhead is (run time - 3 model calls) / 3. Then CONCURRENT runs
 *       started at once by 16 clients: seconds to the last completion, start errors, failed runs.
 */
public class WorkBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8)).build();
    private static final Pattern MARK = Pattern.compile("bench-task-(\\d+)");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "tasks" -> tasks(args[1], args[2], Integer.parseInt(args[3]), args[4], Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]), Integer.parseInt(args[7]), Integer.parseInt(args[8]));
            case "webhooks" -> webhooks(args[1], args[2], Integer.parseInt(args[3]), args[4], Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]), Integer.parseInt(args[7]), args.length > 8 ? args[8] : null,
                    args.length > 9 ? Integer.parseInt(args[9]) : 0);
            case "runs" -> runs(args[1], args[2], Integer.parseInt(args[3]), args[4], Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    // ---- tasks against chat -------------------------------------------------------------------

    static void tasks(String url, String token, int fakePort, String agent, int clients, int seconds, int tasks, int rate)
            throws Exception {
        Map<Long, Long> arrivals = new ConcurrentHashMap<>();
        ChatBench.onRequest = body -> {
            Matcher m = MARK.matcher(body);
            if (m.find()) {
                arrivals.putIfAbsent(Long.parseLong(m.group(1)), System.nanoTime());
            }
        };
        ChatBench.fake(fakePort, 0, 20);

        // 1. sync chat, as bench/chat measures it (its line: target, mode, clients, req/s, p50, ...)
        String chatLine = ChatBench.measure(url, token, "sync", clients, seconds, agent);
        double chatPerSecond = Double.parseDouble(chatLine.split("\t")[3]);

        // 2. task throughput
        AtomicLong next = new AtomicLong(1_000_000);
        AtomicInteger errors = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService creators = Executors.newFixedThreadPool(clients);
        AtomicInteger left = new AtomicInteger(tasks);
        for (int c = 0; c < clients; c++) {
            creators.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    if (create(url, token, agent, next.getAndIncrement()) == null) {
                        errors.incrementAndGet();
                    }
                }
            });
        }
        creators.shutdown();
        creators.awaitTermination(10, TimeUnit.MINUTES);
        long created = System.nanoTime();
        while (unfinished(url, token)) {
            Thread.sleep(20);
        }
        double taskSeconds = (System.nanoTime() - started) / 1e9;
        double tasksPerSecond = tasks / taskSeconds;

        // 3. dispatch latency at a steady rate
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Long> fromSend = Collections.synchronizedList(new ArrayList<>());
        Map<Long, long[]> sent = new ConcurrentHashMap<>();
        long periodNanos = 1_000_000_000L / rate;
        long t0 = System.nanoTime();
        for (long i = 0; i < (long) rate * seconds; i++) {
            long due = t0 + i * periodNanos;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            long mark = 2_000_000 + i;
            long before = System.nanoTime();
            if (create(url, token, agent, mark) == null) {
                errors.incrementAndGet();
                continue;
            }
            sent.put(mark, new long[] {before, System.nanoTime()});
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !arrivals.keySet().containsAll(sent.keySet())) {
            Thread.sleep(20);
        }
        for (Map.Entry<Long, long[]> e : sent.entrySet()) {
            Long arrived = arrivals.get(e.getKey());
            if (arrived == null) {
                errors.incrementAndGet();
            } else {
                latencies.add(Math.max(0, arrived - e.getValue()[1]));
                fromSend.add(arrived - e.getValue()[0]);
            }
        }
        Collections.sort(latencies);
        Collections.sort(fromSend);
        System.out.printf("chat_sync_per_s\t%.1f%ntasks_per_s\t%.1f%nratio\t%.3f%ncreate_s\t%.1f%n"
                        + "dispatch_p50_ms\t%.2f%ndispatch_p99_ms\t%.2f%nfrom_send_p50_ms\t%.2f%nfrom_send_p99_ms\t%.2f%n"
                        + "samples\t%d%nerrors\t%d%n",
                chatPerSecond, tasksPerSecond, tasksPerSecond / chatPerSecond, (created - started) / 1e9,
                pct(latencies, 50) / 1e6, pct(latencies, 99) / 1e6, pct(fromSend, 50) / 1e6, pct(fromSend, 99) / 1e6,
                latencies.size(), errors.get());
        System.exit(0);
    }

    /** Creates a task whose title carries its mark; returns its id, or null on failure. */
    private static String create(String url, String token, String agent, long mark) {
        try {
            HttpResponse<String> r = HTTP.send(post(url + "/api/v1/tasks", token,
                    "{\"title\":\"bench-task-" + mark + "\",\"assigned_agent_id\":\"" + agent + "\"}"), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                return null;
            }
            Matcher m = ID.matcher(r.body());
            return m.find() ? m.group(1) : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Whether a task is still dispatched or running (two one-row pages). */
    private static boolean unfinished(String url, String token) throws Exception {
        for (String status : List.of("dispatched", "running")) {
            HttpResponse<String> r = HTTP.send(get(url + "/api/v1/tasks?limit=1&status=" + status, token),
                    HttpResponse.BodyHandlers.ofString());
            if (r.body().contains("\"id\"")) {
                return true;
            }
        }
        return false;
    }

    // ---- webhooks ------------------------------------------------------------------------------

    static void webhooks(String url, String token, int fakePort, String agent, int subscriptions, int tasks, int receiverPort,
                         String readyFile, int expectedFromElsewhere) throws Exception {
        ChatBench.fake(fakePort, 0, 20);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicInteger received = new AtomicInteger();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        AtomicInteger completedEvents = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 4096);
        receiver.setExecutor(Executors.newFixedThreadPool(32));
        receiver.createContext("/", e -> {
            try (e) {
                String body = new String(e.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (body.contains("\"type\":\"task.completed\"")) {
                    completedEvents.incrementAndGet();
                }
                String id = e.getRequestHeaders().getFirst("webhook-id");
                long now = System.nanoTime();
                first.compareAndSet(0, now);
                last.set(now);
                received.incrementAndGet();
                ids.add(e.getRequestURI().getPath() + " " + id);
                e.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        for (int s = 0; s < subscriptions; s++) {
            HttpResponse<String> r = HTTP.send(post(url + "/api/v1/hooks", token, "{\"target_url\":\"http://127.0.0.1:" + receiverPort
                    + "/r" + s + "\",\"event\":\"*\"}"), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("subscribing failed: " + r.statusCode() + " " + r.body());
            }
        }
        ExecutorService creators = Executors.newFixedThreadPool(16);
        AtomicInteger errors = new AtomicInteger();
        for (int i = 0; i < tasks; i++) {
            long mark = 3_000_000 + i;
            creators.submit(() -> {
                if (create(url, token, agent, mark) == null) {
                    errors.incrementAndGet();
                }
            });
        }
        creators.shutdown();
        creators.awaitTermination(10, TimeUnit.MINUTES);
        int expected = tasks > 0 ? subscriptions * tasks * 2 : expectedFromElsewhere;
        if (readyFile != null) {
            Files.writeString(Path.of(readyFile), "subscribed\n");
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        int seen = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline && ids.size() < expected) {
            Thread.sleep(100);
            if (received.get() != seen) {
                seen = received.get();
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(30)) {
                break;
            }
        }
        double span = (last.get() - first.get()) / 1e9;
        System.out.printf("expected\t%d%nreceived\t%d%ndistinct\t%d%nlost\t%d%nduplicates\t%d%nseconds\t%.1f%n"
                        + "deliveries_per_s\t%.1f%ncompleted_events\t%d%nerrors\t%d%n", expected, received.get(), ids.size(),
                expected - ids.size(), received.get() - ids.size(), span, ids.size() / span, completedEvents.get(), errors.get());
        System.exit(0);
    }

    // ---- team runs -----------------------------------------------------------------------------

    static void runs(String url, String token, int fakePort, String agent, int runs, int concurrent) throws Exception {
        ChatBench.fake(fakePort, 0, 20);
        String step = "{\"agent_id\":\"" + agent + "\",\"instructions\":\"Do your part\"}";
        HttpResponse<String> team = HTTP.send(post(url + "/api/v1/teams", token, "{\"name\":\"bench pipeline\",\"mode\":\"pipeline\","
                + "\"config\":{\"steps\":[" + step + "," + step + "," + step + "]}}"), HttpResponse.BodyHandlers.ofString());
        Matcher teamId = ID.matcher(team.body());
        if (team.statusCode() != 201 || !teamId.find()) {
            throw new IllegalStateException("cannot create the team: " + team.body());
        }
        String teamJson = "{\"team_id\":\"" + teamId.group(1) + "\",\"input_task\":\"";

        // the model call itself, from this process: a streamed request of a step's size
        String body = "{\"model\":\"fake\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"" + "bench-run input. Your step: Step 2 (2 of 3) ".repeat(6) + "\"}]}";
        List<Long> model = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            long t = System.nanoTime();
            HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fakePort + "/v1/chat/completions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (i >= 50) { // the first ones warm up
                model.add(System.nanoTime() - t);
            }
        }
        Collections.sort(model);
        long modelP50 = pct(model, 50);

        // runs one after the other, POST to the done event
        List<Long> times = new ArrayList<>();
        List<Long> overheads = new ArrayList<>();
        int errors = 0;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = HTTP.send(post(url + "/api/v1/runs", token, teamJson + "bench-run-" + i + "\"}"),
                    HttpResponse.BodyHandlers.ofString());
            Matcher id = ID.matcher(r.body());
            if (r.statusCode() != 202 || !id.find()) {
                errors++;
                continue;
            }
            HttpResponse<String> events = HTTP.send(get(url + "/api/v1/runs/" + id.group(1) + "/events", token),
                    HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - t;
            if (!events.body().contains("\"status\":\"completed\"")) {
                errors++;
                continue;
            }
            if (i >= runs / 5) { // the first fifth warms up
                times.add(took);
                overheads.add(Math.max(0, (took - 3 * modelP50) / 3));
            }
        }
        Collections.sort(times);
        Collections.sort(overheads);

        // many at once
        ExecutorService clients = Executors.newFixedThreadPool(16);
        AtomicInteger startErrors = new AtomicInteger();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        for (int i = 0; i < concurrent; i++) {
            int n = i;
            clients.submit(() -> {
                try {
                    HttpResponse<String> r = HTTP.send(post(url + "/api/v1/runs", token, teamJson + "bench-many-" + n + "\"}"),
                            HttpResponse.BodyHandlers.ofString());
                    Matcher id = ID.matcher(r.body());
                    if (r.statusCode() == 202 && id.find()) {
                        ids.add(id.group(1));
                    } else {
                        startErrors.incrementAndGet();
                    }
                } catch (Exception e) {
                    startErrors.incrementAndGet();
                }
            });
        }
        clients.shutdown();
        clients.awaitTermination(10, TimeUnit.MINUTES);
        int failed = 0;
        for (String id : ids) {
            while (true) {
                String run = HTTP.send(get(url + "/api/v1/runs/" + id, token), HttpResponse.BodyHandlers.ofString()).body();
                if (run.contains("\"status\":\"completed\"")) {
                    break;
                }
                if (run.contains("\"status\":\"failed\"") || run.contains("\"status\":\"cancelled\"")) {
                    failed++;
                    break;
                }
                Thread.sleep(20);
            }
        }
        double manySeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("model_call_p50_ms\t%.2f%nrun_p50_ms\t%.2f%nrun_p99_ms\t%.2f%nstep_overhead_p50_ms\t%.2f%n"
                        + "step_overhead_p99_ms\t%.2f%nsequential_errors\t%d%nconcurrent_runs\t%d%nconcurrent_s\t%.2f%n"
                        + "concurrent_start_errors\t%d%nconcurrent_failed\t%d%n",
                modelP50 / 1e6, pct(times, 50) / 1e6, pct(times, 99) / 1e6, pct(overheads, 50) / 1e6, pct(overheads, 99) / 1e6,
                errors, concurrent, manySeconds, startErrors.get(), failed);
        System.exit(0);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static HttpRequest post(String url, String token, String json) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static HttpRequest get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).build();
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
