package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
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
        SecondServer.kill();
        System.out.println("Killed the second server with items " + counts + "; in processing then: "
                + Api.countRows("select count(*) from knowledge_items where base_id = ? and status = 'processing'", UUID.fromString(base)));
        SecondServer.start();

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
}
