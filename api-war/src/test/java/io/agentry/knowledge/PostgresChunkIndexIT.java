package io.agentry.knowledge;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.TextNode;
import it.Api;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The per-base HNSW indexes of {@link PostgresChunkIndex} ({@link BaseHnswIndexes}) on the
 * integration-test server, whose bases get their index at 30 chunks
 * ({@code AGENTRY_KNOWLEDGE_HNSW_MIN_CHUNKS} in postgres-server.env). Test tables are too small
 * for PostgreSQL to prefer the index by itself, so the searches here run on connections with
 * sorting switched off, leaving the index as the only way to order by distance, and the tests
 * assert that the plan uses it.
 */
class PostgresChunkIndexIT {

    private static final int MIN_CHUNKS = 30;

    @Test
    void aBaseGetsItsOwnIndexOnceLargeEnoughAndItGoesWithTheBase() throws SQLException {
        Api api = Api.createOrg("base-index").api();
        String large = createBase(api, "large");
        String small = createBase(api, "small");
        List<String> items = new ArrayList<>();
        String[] subjects = {"Cargo ships", "Violin concerts", "Glacier ice", "Beekeeping"};
        for (String subject : subjects) { // 4 items x 10 paragraphs of one chunk each
            items.add(addItem(api, large, subject, paragraphs(subject, 10)));
        }
        String smallItem = addItem(api, small, "Bakery", paragraphs("Bread", 3));
        items.forEach(item -> awaitReady(api, large, item));
        awaitReady(api, small, smallItem);

        String index = BaseHnswIndexes.name(UUID.fromString(large), 384);
        awaitTrue(() -> valid(index), "the large base's index should be built and valid");
        assertTrue(builtWithGraph(index), "the index should be built with " + BaseHnswIndexes.GRAPH);
        assertFalse(exists(BaseHnswIndexes.name(UUID.fromString(small), 384)), "a base below 30 chunks has no index");

        try (Connection c = Api.db()) {
            float[] target = vectorOf(c, items.get(2), 4);
            assertTrue(plan(target, large).contains(index), "the search must go through the base's own index");
            PostgresChunkIndex chunks = index();
            chunks.refresh(); // learns which indexes are built, as a server does on every sweep
            long scans = indexScans(index);
            List<ChunkIndex.Hit> hits = chunks.semantic(UUID.fromString(large), target, 5, MetadataFilter.NONE);
            awaitTrue(() -> indexScans(index) > scans, "the search should have scanned the base's index");
            assertEquals(5, hits.size());
            assertEquals(UUID.fromString(items.get(2)), hits.get(0).itemId(), "the chunk itself should come first: " + hits);
            assertEquals(4, hits.get(0).ordinal());
            assertEquals(1.0, hits.get(0).score(), 0.001);
            // through the API as well: the small base's search is exact, the large one's by its index
            String text = "how thick is the glacier ice";
            assertEquals(items.get(2), api.post("/api/v1/bases/" + large + "/query", obj("query", text, "mode", "semantic"))
                    .expect(200).data().path("results").path(0).path("item_id").asText());
            assertEquals(smallItem, api.post("/api/v1/bases/" + small + "/query", obj("query", text, "mode", "semantic"))
                    .expect(200).data().path("results").path(0).path("item_id").asText());
        }

        api.delete("/api/v1/bases/" + large).expect(204);
        awaitTrue(() -> !exists(index), "a deleted base's index should be dropped");
        api.delete("/api/v1/bases/" + small).expect(204);
    }

    @Test
    void aMetadataFilterOnAnIndexedBaseStillGetsEveryMatch() throws SQLException {
        Api api = Api.createOrg("base-index-filter").api();
        String base = createBase(api, "crowd");
        String item = addItem(api, base, "Lighthouse", "The lighthouse keeper trims the lamp's wick every evening.");
        awaitReady(api, base, item);
        try (Connection c = Api.db()) {
            float[] target = vectorOf(c, item, 0);
            // 400 chunks right around the target (more than ef_search's 200 candidates) and 30 far
            // from it, in random directions, which alone match the filter.
            insertChunks(c, base, item, 1, 400, "{\"kind\": \"crowd\"}", "(select array_agg(e + (random() - 0.5) * 0.02)::vector "
                    + "from unnest((select embedding from knowledge_chunks where item_id = ?::uuid and ordinal = 0)::real[]) e where g > 0)",
                    item);
            insertChunks(c, base, item, 1000, 30, "{\"kind\": \"rare\"}",
                    "(select array_agg(random() - 0.5)::vector from generate_series(1, 384) x where g > 0)", null);
            String index = BaseHnswIndexes.name(UUID.fromString(base), 384);
            PostgresChunkIndex chunks = index();
            chunks.stored(UUID.fromString(base), 384, 430); // what ingestion does after storing chunks
            assertTrue(valid(index), "the base has 431 chunks: its index should be built");
            assertTrue(plan(target, base).contains(index), "the test must search through the HNSW index");

            long scans = indexScans(index);
            List<ChunkIndex.Hit> hits = chunks.semantic(UUID.fromString(base), target, 20,
                    new MetadataFilter(List.of(new MetadataFilter.Condition("kind", List.of(TextNode.valueOf("rare"))))));
            awaitTrue(() -> indexScans(index) > scans, "the search should have scanned the base's index");
            assertEquals(20, hits.size(), "30 chunks match the filter; all 20 asked for must come back");
            for (int i = 0; i < hits.size(); i++) {
                assertTrue(hits.get(i).ordinal() >= 1000, "a chunk that does not match the filter: " + hits.get(i));
                assertTrue(i == 0 || hits.get(i - 1).score() >= hits.get(i).score(), "hits out of order: " + hits);
            }
        } finally {
            api.delete("/api/v1/bases/" + base).expect(204);
        }
    }

    @Test
    void reconcilingDropsIndexesOfDeletedBasesAndBuildsMissingOnes() throws SQLException {
        Api api = Api.createOrg("base-index-reconcile").api();
        String base = indexedBase(api, "rebuilt", "Apple");
        String index = BaseHnswIndexes.name(UUID.fromString(base), 384);
        String orphan = BaseHnswIndexes.name(UUID.randomUUID(), 384);
        try (Connection c = Api.db(); Statement s = c.createStatement()) {
            // a server stopped before building the index, and another before dropping a deleted base's
            s.execute("drop index " + index);
            s.execute("create index " + orphan + " on knowledge_chunks using hnsw ((embedding::halfvec(384)) halfvec_cosine_ops) "
                    + "where base_id = '" + UUID.randomUUID() + "' and dimensions = 384");
        }
        index().reconcile();
        assertFalse(exists(orphan), "an index of a base that is gone should be dropped");
        assertTrue(valid(index), "the base's missing index should be rebuilt");
        api.delete("/api/v1/bases/" + base).expect(204);
    }

    @Test
    void reconcilingRebuildsAnIndexBuiltWithOtherGraphParameters() throws SQLException {
        Api api = Api.createOrg("base-index-upgrade").api();
        String base = indexedBase(api, "upgraded", "Pear");
        String index = BaseHnswIndexes.name(UUID.fromString(base), 384);
        String oldGraph = "create index " + index + " on knowledge_chunks using hnsw ((embedding::halfvec(384)) halfvec_cosine_ops) "
                + "where base_id = '" + base + "' and dimensions = 384";
        try (Connection c = Api.db(); Statement s = c.createStatement()) { // as versions before GRAPH built it
            s.execute("drop index " + index);
            s.execute(oldGraph);
        }
        assertFalse(builtWithGraph(index));
        index().reconcile();
        assertTrue(builtWithGraph(index), "reconcile should rebuild the index with " + BaseHnswIndexes.GRAPH);
        assertTrue(valid(index), "the rebuilt index should be valid");
        assertEquals(0, rebuildCopies(), "no copy of the index may be left");

        // A server died in the rebuild: the index has the new parameters but its old graph, and
        // REINDEX's copy (its name cut to 63 characters) was not swapped in.
        try (Connection c = Api.db(); Statement s = c.createStatement()) {
            s.execute("drop index " + index);
            s.execute(oldGraph);
            s.execute("alter index " + index + " set (" + BaseHnswIndexes.GRAPH + ")");
            s.execute("create index " + index.substring(0, 57) + "_ccnew on knowledge_chunks (base_id) where base_id = '" + base + "'");
        }
        long before = Api.countRows("select relfilenode from pg_class where relname = ?", index);
        index().reconcile();
        assertEquals(0, rebuildCopies(), "the interrupted rebuild's copy should be dropped");
        assertTrue(builtWithGraph(index) && valid(index), "the index should be rebuilt and valid");
        assertTrue(Api.countRows("select relfilenode from pg_class where relname = ?", index) != before,
                "the index with the old graph should be rebuilt, though its parameters were already the new ones");
        api.delete("/api/v1/bases/" + base).expect(204);
    }

    private static long rebuildCopies() {
        return Api.countRows("select count(*) from pg_class where relname like 'knowledge\\_chunks\\_hnsw\\_%\\_cc%'");
    }

    @Test
    void aBuildWaitsWhileAnotherIndexChangeRunsAndIsTriedAgainLater() throws SQLException {
        Api api = Api.createOrg("base-index-lock").api();
        String base = createBase(api, "queued");
        String index = BaseHnswIndexes.name(UUID.fromString(base), 384);
        try (Connection other = Api.db()) {
            advisory(other, "pg_advisory_lock"); // as a build on another server holds it
            String item = addItem(api, base, "Orchard", paragraphs("Apple", MIN_CHUNKS + 2));
            awaitReady(api, base, item);
            Api.sleep(3_000); // three sweeps of the server
            assertFalse(exists(index), "no index may be built while another index change runs");
            advisory(other, "pg_advisory_unlock");
        }
        awaitTrue(() -> valid(index), "the deferred build should run once the lock is free");
        api.delete("/api/v1/bases/" + base).expect(204);
    }

    private static void advisory(Connection c, String function) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + function + "(?)")) {
            ps.setLong(1, BaseHnswIndexes.DDL_LOCK_KEY);
            ps.execute();
        }
    }

    private static PostgresChunkIndex index() {
        return new PostgresChunkIndex(hnswOnly(), 200, MIN_CHUNKS);
    }

    private static String createBase(Api api, String name) {
        return api.post("/api/v1/bases", obj("name", name, "chunk_size", 200, "chunk_overlap", 0)).expect(201).id();
    }

    /** A base just over the index size, once its index is built. */
    private static String indexedBase(Api api, String name, String subject) {
        String base = createBase(api, name);
        awaitReady(api, base, addItem(api, base, "Orchard", paragraphs(subject, MIN_CHUNKS + 2)));
        String index = BaseHnswIndexes.name(UUID.fromString(base), 384);
        awaitTrue(() -> valid(index), "the base's index should be built");
        return base;
    }

    private static String addItem(Api api, String base, String title, String content) {
        return api.post("/api/v1/bases/" + base + "/items", obj("title", title, "content", content)).expect(201).id();
    }

    /** Paragraphs of 110-200 characters: one chunk each at chunk_size 200, no two alike. */
    private static String paragraphs(String subject, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(subject).append(", note ").append(i).append(": the logbook records ").append(i * 7 % 13)
                    .append(" observations on day ").append(i + 1).append(", written down carefully by the person on duty.\n\n");
        }
        return text.toString();
    }

    private static void awaitReady(Api api, String base, String item) {
        awaitTrue(() -> {
            String status = api.get("/api/v1/bases/" + base + "/items/" + item).expect(200).data().path("status").asText();
            assertTrue(status.equals("ready") || status.equals("pending") || status.equals("processing"), "item ended " + status);
            return status.equals("ready");
        }, "item " + item + " should be ready");
    }

    private static void awaitTrue(BooleanSupplier condition, String message) {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Api.sleep(100);
        }
        fail(message + " (waited 90 s)");
    }

    private static boolean exists(String index) {
        return Api.countRows("select count(*) from pg_class where relname = ?", index) == 1;
    }

    /** PostgreSQL's count of scans of the index (its statistics arrive within a second or so). */
    private static long indexScans(String index) {
        return Api.countRows("select coalesce(sum(idx_scan), 0) from pg_stat_user_indexes where indexrelname = ?", index);
    }

    private static boolean builtWithGraph(String index) {
        return Api.countRows("select count(*) from pg_class where relname = ? and reloptions @> ?::text[]",
                index, BaseHnswIndexes.GRAPH_RELOPTIONS) == 1;
    }

    private static boolean valid(String index) {
        return Api.countRows("select count(*) from pg_index i join pg_class x on x.oid = i.indexrelid "
                + "where x.relname = ? and i.indisvalid", index) == 1;
    }

    private static float[] vectorOf(Connection c, String item, int ordinal) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select embedding::text from knowledge_chunks where item_id = ?::uuid and ordinal = ?")) {
            ps.setString(1, item);
            ps.setInt(2, ordinal);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                String[] parts = rs.getString(1).replaceAll("[\\[\\]]", "").split(",");
                float[] v = new float[parts.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float.parseFloat(parts[i]);
                }
                return v;
            }
        }
    }

    private static void insertChunks(Connection c, String base, String item, int firstOrdinal, int count, String metadata,
                                     String vectorSql, String vectorParam) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into knowledge_chunks (organization_id, base_id, item_id, "
                + "ordinal, title, content, token_count, metadata, dimensions, embedding) "
                + "select b.organization_id, b.id, ?::uuid, g, 'filler', 'filler', 1, ?::jsonb, 384, " + vectorSql
                + " from knowledge_bases b, generate_series(?, ?) g where b.id = ?::uuid")) {
            int i = 1;
            ps.setString(i++, item);
            ps.setString(i++, metadata);
            if (vectorParam != null) {
                ps.setString(i++, vectorParam);
            }
            ps.setInt(i++, firstOrdinal);
            ps.setInt(i++, firstOrdinal + count - 1);
            ps.setString(i, base);
            assertEquals(count, ps.executeUpdate());
        }
    }

    /** The plan of the search's nearest-chunks statement, as PostgresChunkIndex writes it. */
    private static String plan(float[] vector, String base) throws SQLException {
        try (Connection c = hnswOnly().getConnection();
             PreparedStatement ps = c.prepareStatement("explain select id from knowledge_chunks where base_id = '" + base
                     + "' and dimensions = 384 order by embedding::halfvec(384) <=> ?::halfvec(384) limit 20")) {
            ps.setString(1, PostgresChunkIndex.literal(vector));
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    /** Connections to the test database on which ordering by distance can only come from the index. */
    private static PGSimpleDataSource hnswOnly() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(System.getProperty("agentry.it.dbUrl", "jdbc:postgresql://127.0.0.1:5432/agentry_test"));
        ds.setUser(System.getProperty("agentry.it.dbUser", "agentry"));
        ds.setPassword(System.getProperty("agentry.it.dbPassword", "agentry"));
        ds.setOptions("-c enable_sort=off");
        return ds;
    }
}
