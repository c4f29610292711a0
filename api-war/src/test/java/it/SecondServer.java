package it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The second PostgreSQL instance, for the durability tests: killed without a chance to stop (SIGKILL), and started again. */
final class SecondServer {

    private SecondServer() {
    }

    private static Path wlp() {
        return Path.of(System.getProperty("agentry.it.wlpDir", "../.liberty/wlp"));
    }

    static String name() {
        return System.getProperty("agentry.it.secondServerName", "agentry-it-2");
    }

    static void kill() throws IOException {
        Path pidFile = wlp().resolve("usr/servers/.pid/" + name() + ".pid");
        Optional<ProcessHandle> process = Files.exists(pidFile)
                ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                : ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(" " + name())).findFirst();
        ProcessHandle handle = process.orElseThrow(() -> new AssertionError("cannot find the process of " + name()));
        handle.destroyForcibly();
        handle.onExit().join();
        // Liberty's own status check would still see a lock; it is released with the process.
    }

    static void start() throws IOException, InterruptedException {
        Process start = new ProcessBuilder(wlp().resolve("bin/server").toString(), "start", name())
                .redirectErrorStream(true).start();
        String output = new String(start.getInputStream().readAllBytes());
        if (start.waitFor() != 0) {
            fail("server start " + name() + " failed: " + output);
        }
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(Api.secondBaseUrl() + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Api.sleep(500);
        }
        fail(name() + " did not become ready after its restart");
    }
}
