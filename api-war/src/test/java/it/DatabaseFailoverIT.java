package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarted under load (db/restart-postgres.sh, a fast shutdown that cuts every open
 * session): nothing the server acknowledged is lost, a request meanwhile fails as a clear 503 and
 * never as a 500, and within 5 s of the database answering again every request succeeds, the
 * job engine included. Pooled connections are all dead after the restart: the pool validates
 * them on the way out and drops them all at the first failure. (A read that was running when
 * PostgreSQL went down is retried by EclipseLink after its fixed 5 s delay, so it answers late
 * but right; the print-out names the slowest request.)
 */
class DatabaseFailoverIT {

    private static final Path ROOT = Path.of(System.getProperty("agentry.it.projectRoot", "..")).toAbsolutePath().normalize();
    private static final long BACK_WITHIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static Api api;
    private static String agent;

    /** One request of the load: what it was, when it started and how it ended. */
    private record Outcome(String what, long startedNanos, long nanos, int status, String body, String retryAfter) {
    }

    @BeforeAll
    static void setUp() {
        FakeLlmServer.start();
        api = Api.createOrg("failover").api();
        agent = ChatIT.agent(api, "openai");
    }

    @Test
    void theServersConnectionsCarryTheDriverSettingsOfServerXml() throws Exception {
        // ApplicationName stands for its neighbours (socketTimeout, connectTimeout, tcpKeepAlive):
        // the data source hands its properties to the driver
        api.get("/api/v1/agents?limit=1").expect(200);
        try (Connection c = Api.db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where application_name = 'agentry' "
                     + "and datname = current_database()")) {
            rs.next();
            assertTrue(rs.getInt(1) > 0, "no connection of the server names itself 'agentry'");
        }
    }

    @Test
    void aRestartUnderLoadLosesNoAcknowledgedWriteAndTheServiceIsBackWithinFiveSeconds() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int writer = i;
            load.add(started(() -> {
                for (int n = 0; !stop.get(); n++) {
                    long started = System.nanoTime();
                    Api.Resp r = send(() -> api.post("/api/v1/agents", Api.obj("name", "failover-" + writer + "-" + started)));
                    if (r.status() == 201) {
                        acknowledged.add(r.id());
                    }
                    outcomes.add(new Outcome("create agent", started, System.nanoTime() - started, r.status(), r.body(), retryAfter(r)));
                }
            }));
        }
        for (int i = 0; i < 2; i++) {
            load.add(started(() -> {
                while (!stop.get()) {
                    long started = System.nanoTime();
                    Api.Resp r = send(() -> api.get("/api/v1/agents?limit=5"));
                    outcomes.add(new Outcome("list agents", started, System.nanoTime() - started, r.status(), r.body(), retryAfter(r)));
                }
            }));
        }

        Api.sleep(1500);
        String startedBefore = postmasterStart();
        restartPostgres();
        long ready = System.nanoTime();
        Api.sleep(8000);
        stop.set(true);
        for (Thread t : load) {
            t.join(60_000);
        }
        assertNotEquals(startedBefore, postmasterStart(), "PostgreSQL was not restarted");

        // every failure is a 503 with a reason, never a 500 or a dropped connection
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<Long, Map<Integer, Integer>> timeline = new TreeMap<>(); // by second since PostgreSQL answered again
        for (Outcome o : outcomes) {
            byStatus.merge(o.status(), 1, Integer::sum);
            timeline.computeIfAbsent(Math.floorDiv(o.startedNanos() - ready, 1_000_000_000L), k -> new TreeMap<>())
                    .merge(o.status(), 1, Integer::sum);
        }
        Outcome slowest = outcomes.stream().max(java.util.Comparator.comparingLong(Outcome::nanos)).orElseThrow();
        String picture = "statuses " + byStatus + ", by second since PostgreSQL answered " + timeline + "; slowest: "
                + slowest.what() + " " + slowest.status() + " in " + slowest.nanos() / 1_000_000 + " ms, started at "
                + (slowest.startedNanos() - ready) / 1_000_000 + " ms";
        System.out.println("PostgreSQL restarted under load: " + picture);
        for (Outcome o : outcomes) {
            if (o.status() >= 300) {
                assertEquals(503, o.status(), o.what() + " answered " + o.status() + ": " + o.body() + "; " + picture);
                assertTrue(o.body().contains("\"service_unavailable\"") && o.body().contains("database"), o.body());
                assertEquals("1", o.retryAfter(), "Retry-After of " + o.body());
            }
        }
        // back within 5 s of PostgreSQL answering: nothing started later failed, and much succeeded
        long lateFailures = outcomes.stream().filter(o -> o.startedNanos() - ready > BACK_WITHIN_NANOS && o.status() != 201 && o.status() != 200).count();
        long lateSuccesses = outcomes.stream().filter(o -> o.startedNanos() - ready > BACK_WITHIN_NANOS && o.status() < 300).count();
        assertEquals(0, lateFailures, "requests failed more than 5 s after PostgreSQL was back; " + picture);
        assertTrue(lateSuccesses > 20, "too little load after the restart to tell: " + picture);

        // nothing acknowledged was lost
        assertTrue(acknowledged.size() > 20, "too few writes to tell: " + picture);
        List<String> stored = api.listAllIds("/api/v1/agents?limit=100");
        List<String> lost = acknowledged.stream().filter(id -> !stored.contains(id)).toList();
        assertEquals(List.of(), lost, "acknowledged agents missing after the restart");

        // the job engine claims work again: a task created now runs to completion
        String task = Tasks.create(api, "title", Api.unique("after the restart"), "assigned_agent_id", agent).path("id").asText();
        JsonNode done = Tasks.await(api, task, 20_000, "completed", "failed");
        assertEquals("completed", done.path("status").asText(), done.toString());
    }

    private static String retryAfter(Api.Resp r) {
        return r.headers() == null ? null : r.headers().firstValue("Retry-After").orElse(null);
    }

    private static Thread started(Runnable body) {
        Thread t = new Thread(body);
        t.start();
        return t;
    }

    /** A response, or a made-up status 599 when the connection itself failed (which must not happen). */
    private static Api.Resp send(java.util.function.Supplier<Api.Resp> request) {
        try {
            return request.get();
        } catch (AssertionError e) {
            return new Api.Resp("?", java.net.URI.create(Api.baseUrl()), 599, null, String.valueOf(e));
        }
    }

    private static void restartPostgres() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", ROOT.resolve("db/restart-postgres.sh").toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "restart-postgres.sh did not end");
        assertEquals(0, p.exitValue(), "restart-postgres.sh failed: " + output);
    }

    private static String postmasterStart() throws Exception {
        try (Connection c = Api.db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_postmaster_start_time()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
