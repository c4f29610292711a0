package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Durability of ingestion: 200 items are queued on the second server, which is killed (SIGKILL,
 * no shutdown) in the middle of indexing them and started again. Leases left by the dead
 * server expire and the work is claimed again, by either server; in the end all 200 items are
 * ready and every item has exactly its chunks, none twice.
 */
class IngestionRestartIT {

    private static final int ITEMS = 200;

    @Test
    void aServerKilledMidIngestionLosesNothingAndDuplicatesNothing() throws Exception {
        Api.Org org = Api.createOrg("restart");
        Api second = Api.at(Api.secondBaseUrl(), org.ownerToken());
        Knowledge kb = new Knowledge(second);
        String base = kb.createBase("Restart", "chunk_size", 300, "chunk_overlap", 30);
        // Queued by four clients at once, so the queue fills well before the servers drain it
        // (posted one by one on a fast machine, the last items were indexed as they arrived).
        ExecutorService posters = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> posted = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) {
                int n = i;
                posted.add(posters.submit(() -> kb.addText(base, "Document " + n, document(n))));
            }
            for (Future<String> item : posted) {
                item.get();
            }
        } finally {
            posters.shutdown();
        }
        // Kill the second server while the queue is still being worked through.
        long deadline = System.currentTimeMillis() + 120_000;
        JsonNode counts = null;
        while (System.currentTimeMillis() < deadline) {
            counts = second.get("/api/v1/bases/" + base).expect(200).data().path("items");
            if (counts.path("ready").asInt() >= 10) {
                break;
            }
            Api.sleep(50);
        }
        assertTrue(counts != null && counts.path("ready").asInt() < ITEMS, "the kill must come mid-ingestion: " + counts);
        killSecondServer();
        System.out.println("Killed the second server with items " + counts + "; in processing then: "
                + Api.countRows("select count(*) from knowledge_items where base_id = ? and status = 'processing'", UUID.fromString(base)));
        startSecondServer();

        Api first = org.api();
        JsonNode idle = new Knowledge(first).awaitBaseIdle(base, 300_000);
        assertEquals(ITEMS, idle.path("items").path("ready").asInt(), idle.toString());
        UUID baseId = UUID.fromString(base);
        assertEquals(0, Api.countRows("select count(*) from (select item_id, ordinal from knowledge_chunks where base_id = ? "
                + "group by item_id, ordinal having count(*) > 1) d", baseId), "no chunk stored twice");
        assertEquals(0, Api.countRows("select count(*) from knowledge_items i where base_id = ? and chunk_count <> "
                + "(select count(*) from knowledge_chunks c where c.item_id = i.id)", baseId), "every item has exactly its chunks");
        assertEquals(idle.path("chunk_count").asLong(), Api.countRows("select count(*) from knowledge_chunks where base_id = ?", baseId));
        // and the restarted server serves the base
        Api.at(Api.secondBaseUrl(), org.ownerToken()).get("/api/v1/bases/" + base).expect(200);
    }

    private static String document(int i) {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < 18; p++) {
            text.append("Section ").append(p).append(" of document ").append(i)
                    .append(" describes procedure ").append(i * 7 + p).append(" for the warehouse team, ")
                    .append("including the safety checks, the sign-off and who to call when something breaks.\n\n");
        }
        return text.toString();
    }

    private static Path wlp() {
        return Path.of(System.getProperty("agentry.it.wlpDir", "../.liberty/wlp"));
    }

    private static String secondServerName() {
        return System.getProperty("agentry.it.secondServerName", "agentry-it-2");
    }

    private static void killSecondServer() throws IOException, InterruptedException {
        Path pidFile = wlp().resolve("usr/servers/.pid/" + secondServerName() + ".pid");
        Optional<ProcessHandle> process = Files.exists(pidFile)
                ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                : ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(" " + secondServerName())).findFirst();
        ProcessHandle handle = process.orElseThrow(() -> new AssertionError("cannot find the process of " + secondServerName()));
        handle.destroyForcibly();
        handle.onExit().join();
        // Liberty's own status check would still see a lock; it is released with the process.
    }

    private static void startSecondServer() throws IOException, InterruptedException {
        Process start = new ProcessBuilder(wlp().resolve("bin/server").toString(), "start", secondServerName())
                .redirectErrorStream(true).start();
        String output = new String(start.getInputStream().readAllBytes());
        if (start.waitFor() != 0) {
            fail("server start " + secondServerName() + " failed: " + output);
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
        fail(secondServerName() + " did not become ready after its restart");
    }
}
