package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The run command as an operator uses it, on a copy of this checkout, with the operator's own
 * settings exported (a database or a data folder, a chosen bootstrap token): the build starts,
 * creates and deploys no test server and touches neither the database nor the data folder; the
 * server it starts bootstraps exactly the chosen token. Runs in its own failsafe execution after
 * the test servers have stopped, so it can tell that nothing listens on their ports.
 */
class RunCommandIT {

    private static final Path ROOT = Path.of(System.getProperty("agentry.it.projectRoot", "..")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(System.getProperty("agentry.it.workDir", "target/it-work")).resolve("run-command");
    private static final List<Integer> TEST_PORTS = Arrays.stream(System.getProperty("agentry.it.testPorts", "19080,19081,19082")
            .split(",")).map(String::trim).map(Integer::valueOf).toList();
    /** Not copied: build output, the Liberty install (the copy unzips its own), data, history. */
    private static final Set<String> NOT_COPIED = Set.of(".git", ".liberty", "target", "data", "out");
    private static final String SCRATCH_DATABASE = "agentry_run_command";
    /** The integration tests' bootstrap token until it was made per build: in the repository's history. */
    private static final String PUBLISHED_TOKEN = "pk_1770000000000000000000000000000000000000000000000000000000000001";
    private static final Duration BUILD_TIME = Duration.ofMinutes(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Path checkout;

    @BeforeAll
    static void copyCheckout() throws IOException {
        deleteTree(WORK);
        checkout = WORK.resolve("agentry");
        Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(ROOT) && NOT_COPIED.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(checkout.resolve(ROOT.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, checkout.resolve(ROOT.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Test
    void onPostgresqlTheBuildTouchesNothingAndTheServerBootstrapsTheChosenToken() throws Exception {
        command(Map.of("AGENTRY_TEST_DB", SCRATCH_DATABASE), WORK.resolve("setup-postgres.log"), "bash", "db/setup-postgres.sh", "--reset");
        String token = newToken();
        int port = freePort();
        Map<String, String> operator = Map.of(
                "AGENTRY_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + SCRATCH_DATABASE,
                "AGENTRY_DB_USER", "agentry",
                "AGENTRY_DB_PASSWORD", "agentry",
                "AGENTRY_BOOTSTRAP_TOKEN", token,
                "AGENTRY_HTTP_PORT", String.valueOf(port));

        List<Integer> heard = whileWatchingTestPorts(() ->
                command(operator, WORK.resolve("build-postgresql.log"), "./agentry", "build"));
        assertEquals(List.of(), heard, "test ports that answered during the run command's build");
        assertEquals(0, scratch("select count(*) from information_schema.tables where table_schema = 'public'"),
                "the build created tables in the operator's database");

        try (RunningServer server = RunningServer.start(operator, WORK.resolve("run-postgresql.log"), "run", "--no-build")) {
            server.awaitMe(port, token, Duration.ofMinutes(5));
            assertNothingListensOnTestPorts();
        }
        assertEquals(1, scratch("select count(*) from api_tokens"), "tokens in the operator's database");
        assertEquals(1, scratch("select count(*) from api_tokens where token_hash = '" + sha256(token) + "'"),
                "the chosen token is the one stored");
        assertOnlyTheRunServerWasCreated();

        // A database an earlier build bootstrapped with the test suite's token: the next start revokes it
        // and gives the owner a new admin token (generated: the chosen one is already stored).
        scratch("insert into api_tokens (id, organization_id, name, token_hash, prefix, scopes, status, created_by, "
                + "created_at, call_count) select gen_random_uuid(), organization_id, name, '" + sha256(PUBLISHED_TOKEN)
                + "', 'pk_17700000...', scopes, 'active', created_by, created_at, 0 from api_tokens");
        try (RunningServer server = RunningServer.start(operator, WORK.resolve("run-postgresql-2.log"), "run", "--no-build")) {
            server.awaitMe(port, token, Duration.ofMinutes(5));
            assertEquals(401, status(me(port, PUBLISHED_TOKEN)), "the published token after the start");
            String log = Files.readString(server.log());
            assertTrue(log.contains("Revoked API token pk_17700000..."), "the start says what it revoked");
            // the replacement is never logged: it is in a file of the data folder only the server's user can read
            Path file = checkout.resolve("data/bootstrap-token");
            assertTrue(log.contains(file.toString()), "the log says where the new token is");
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String replacement = Files.readString(file).trim();
            assertEquals(200, status(me(port, replacement)), "the replacement works");
            assertFalse(log.contains(replacement), "the replacement token is not in the log");
            assertFalse(java.util.regex.Pattern.compile("pk_[0-9a-f]{20,}").matcher(log).find(), "no whole token in the log");
        }
        assertEquals(1, scratch("select count(*) from api_tokens where status = 'revoked' and token_hash = '"
                + sha256(PUBLISHED_TOKEN) + "'"), "the published token is revoked");
        assertEquals(2, scratch("select count(*) from api_tokens where status = 'active' and name = 'bootstrap admin token'"),
                "the chosen token and the replacement");
    }

    @Test
    void onTheEmbeddedDefaultTheServerBootstrapsTheChosenTokenInTheChosenFolder() throws Exception {
        Path data = WORK.resolve("operator-data");
        String token = newToken();
        int port = freePort();
        Map<String, String> operator = Map.of(
                "AGENTRY_DATA_DIR", data.toString(),
                "AGENTRY_BOOTSTRAP_TOKEN", token,
                "AGENTRY_HTTP_PORT", String.valueOf(port));

        AtomicReference<RunningServer> running = new AtomicReference<>();
        try {
            // The whole run command, build included, while the test ports are watched.
            List<Integer> heard = whileWatchingTestPorts(() -> {
                running.set(RunningServer.start(operator, WORK.resolve("run-embedded.log"), "run"));
                running.get().awaitMe(port, token, BUILD_TIME);
            });
            assertEquals(List.of(), heard, "test ports that answered while the run command built and started");
        } finally {
            if (running.get() != null) {
                running.get().close();
            }
        }
        try (Connection h2 = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("agentry"), "sa", "");
             Statement query = h2.createStatement();
             ResultSet row = query.executeQuery("select count(*), max(token_hash) from api_tokens")) {
            assertTrue(row.next());
            assertEquals(1, row.getInt(1), "tokens in the operator's embedded database");
            assertEquals(sha256(token), row.getString(2).trim(), "the chosen token is the one stored");
        }
        assertFalse(Files.exists(checkout.resolve("data/agentry.mv.db")), "a database in the checkout's own data folder");
        assertOnlyTheRunServerWasCreated();

        // A published token is refused at bootstrap: the application does not start, nothing is stored.
        Path second = WORK.resolve("operator-data-published");
        Map<String, String> careless = Map.of(
                "AGENTRY_DATA_DIR", second.toString(),
                "AGENTRY_BOOTSTRAP_TOKEN", PUBLISHED_TOKEN,
                "AGENTRY_HTTP_PORT", String.valueOf(port));
        try (RunningServer server = RunningServer.start(careless, WORK.resolve("run-published.log"), "run", "--no-build")) {
            server.awaitLog("AGENTRY_BOOTSTRAP_TOKEN is a value published in Agentry's repository", Duration.ofMinutes(5));
            assertNotEquals(200, status(me(port, PUBLISHED_TOKEN)), "the published token must not work");
        }
        try (Connection h2 = DriverManager.getConnection("jdbc:h2:file:" + second.resolve("agentry"), "sa", "");
             Statement query = h2.createStatement();
             ResultSet row = query.executeQuery("select count(*) from api_tokens")) {
            assertTrue(row.next());
            assertEquals(0, row.getInt(1), "tokens stored by a refused bootstrap");
        }
    }

    // ---------------------------------------------------------------- the server under test

    /** {@code ./agentry <args>} in the copy, its process tree stopped by {@link #close()}. */
    private record RunningServer(Process process, Path log) implements AutoCloseable {

        static RunningServer start(Map<String, String> env, Path log, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of("./agentry"));
            command.addAll(List.of(args));
            return new RunningServer(processBuilder(env, log, command).start(), log);
        }

        void awaitMe(int port, String token, Duration timeout) throws Exception {
            HttpRequest me = me(port, token);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    fail("./agentry ended (exit " + process.exitValue() + ") before the server answered:\n" + tail(log));
                }
                try {
                    HttpResponse<String> response = HTTP.send(me, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                    if (response.statusCode() == 401 || response.statusCode() == 403) {
                        fail("the chosen bootstrap token was refused: " + response.statusCode() + " " + response.body());
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            fail("no 200 from /api/v1/me within " + timeout + ":\n" + tail(log));
        }

        void awaitLog(String text, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (Files.readString(log).contains(text)) {
                    return;
                }
                if (!process.isAlive()) {
                    fail("./agentry ended (exit " + process.exitValue() + ") before logging '" + text + "':\n" + tail(log));
                }
                Thread.sleep(500);
            }
            fail("no '" + text + "' in the log within " + timeout + ":\n" + tail(log));
        }

        @Override
        public void close() throws InterruptedException {
            // SIGTERM to Maven and to the server it runs: both stop cleanly (the database is closed).
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.add(process.toHandle());
            tree.forEach(ProcessHandle::destroy);
            for (ProcessHandle handle : tree) {
                try {
                    handle.onExit().get(90, TimeUnit.SECONDS);
                } catch (Exception stillRunning) {
                    handle.destroyForcibly();
                }
            }
        }
    }

    private static HttpRequest me(int port, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/me"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();
    }

    /** The status of a request, or -1 when nothing answers. */
    private static int status(HttpRequest request) throws InterruptedException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static ProcessBuilder processBuilder(Map<String, String> env, Path log, List<String> command) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // Exactly the operator's settings, whatever the build that runs this test was given.
        builder.environment().keySet().removeIf(name -> name.toUpperCase().startsWith("AGENTRY_"));
        builder.environment().putAll(env);
        return builder;
    }

    private static void command(Map<String, String> env, Path log, String... command) throws Exception {
        Process process = processBuilder(env, log, List.of(command)).start();
        if (!process.waitFor(BUILD_TIME.toMinutes(), TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + BUILD_TIME + ":\n" + tail(log));
        }
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + tail(log));
    }

    // ---------------------------------------------------------------- checks

    private interface Step {
        void run() throws Exception;
    }

    /** Runs the step while polling the test ports; returns those that ever accepted a connection. */
    private static List<Integer> whileWatchingTestPorts(Step step) throws Exception {
        Set<Integer> heard = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                TEST_PORTS.stream().filter(RunCommandIT::listens).forEach(heard::add);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "test-port-watcher");
        watcher.start();
        try {
            step.run();
        } finally {
            watcher.interrupt();
            watcher.join();
        }
        return heard.stream().sorted().toList();
    }

    private static void assertNothingListensOnTestPorts() {
        assertEquals(List.of(), TEST_PORTS.stream().filter(RunCommandIT::listens).toList(), "test ports listening");
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void assertOnlyTheRunServerWasCreated() throws IOException {
        try (Stream<Path> servers = Files.list(checkout.resolve(".liberty/wlp/usr/servers"))) {
            assertEquals(List.of("agentry"), servers.map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList(), "Liberty servers the run command created");
        }
    }

    /** A count from the operator's database, or the rows an update changed. */
    private static long scratch(String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + SCRATCH_DATABASE,
                "agentry", "agentry");
             Statement statement = db.createStatement()) {
            if (!statement.execute(sql)) {
                return statement.getUpdateCount();
            }
            try (ResultSet row = statement.getResultSet()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String newToken() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return "pk_" + HexFormat.of().formatHex(secret);
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
