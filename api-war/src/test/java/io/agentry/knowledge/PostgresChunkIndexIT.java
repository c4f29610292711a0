package io.agentry.knowledge;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import it.Api;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The vector search of {@link PostgresChunkIndex} on the integration-test database, with the
 * plan held on the HNSW index. PostgreSQL takes that plan by itself for a base that is a few
 * percent of a large table (measured at 100,000 chunks: bench/RESULTS.md); a test table is too
 * small for that, so sorting is switched off for these connections, leaving the index as the
 * only way to order by distance.
 */
class PostgresChunkIndexIT {

    @Test
    void aBaseOutnumberedInTheSharedIndexStillGetsItsNearestChunks() throws SQLException {
        Api api = Api.createOrg("shared-index").api();
        String crowd = api.post("/api/v1/bases", obj("name", "crowd")).expect(201).id();
        String small = api.post("/api/v1/bases", obj("name", "small")).expect(201).id();
        String crowdItem = readyItem(api, crowd, "Lighthouse", "The lighthouse keeper trims the lamp's wick every evening.");
        String smallItem = readyItem(api, small, "Bakery", "The bakery opens at six and sells rye bread until noon.");

        try (Connection c = Api.db()) {
            float[] target = vectorOf(c, crowdItem);
            // 400 chunks of the crowd right around the target (more than ef_search's 200 candidates)
            // and 30 of the small base far from it, in random directions.
            insertChunks(c, crowd, crowdItem, 400, "(select array_agg(e + (random() - 0.5) * 0.02)::vector "
                    + "from unnest((select embedding from knowledge_chunks where item_id = ?::uuid and ordinal = 0)::real[]) e where g > 0)",
                    crowdItem);
            insertChunks(c, small, smallItem, 30, "(select array_agg(random() - 0.5)::vector from generate_series(1, 384) x where g > 0)", null);

            PostgresChunkIndex index = new PostgresChunkIndex(hnswOnly(), 200);
            index.prepare(384);
            assertTrue(plan(target, small).contains("knowledge_chunks_hnsw_half_384"), "the test must search through the HNSW index");

            List<ChunkIndex.Hit> hits = index.semantic(UUID.fromString(small), target, 20, MetadataFilter.NONE);
            assertEquals(20, hits.size(), "the small base has 31 chunks; all 20 asked for must come back");
            for (int i = 0; i < hits.size(); i++) {
                assertEquals(UUID.fromString(smallItem), hits.get(i).itemId(), "a hit from another base: " + hits.get(i));
                assertTrue(i == 0 || hits.get(i - 1).score() >= hits.get(i).score(), "hits out of order: " + hits);
            }
        } finally {
            api.delete("/api/v1/bases/" + crowd).expect(204);
            api.delete("/api/v1/bases/" + small).expect(204);
        }
    }

    private static String readyItem(Api api, String base, String title, String content) {
        String item = api.post("/api/v1/bases/" + base + "/items", obj("title", title, "content", content)).expect(201).id();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            String status = api.get("/api/v1/bases/" + base + "/items/" + item).expect(200).data().path("status").asText();
            if (status.equals("ready")) {
                return item;
            }
            assertTrue(status.equals("pending") || status.equals("processing"), "item ended " + status);
            Api.sleep(100);
        }
        return fail("item " + item + " not ready within 60 s");
    }

    private static float[] vectorOf(Connection c, String item) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select embedding::text from knowledge_chunks where item_id = ?::uuid and ordinal = 0")) {
            ps.setString(1, item);
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

    private static void insertChunks(Connection c, String base, String item, int count, String vectorSql, String vectorParam)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into knowledge_chunks (organization_id, base_id, item_id, "
                + "ordinal, title, content, token_count, metadata, dimensions, embedding) "
                + "select b.organization_id, b.id, ?::uuid, g, 'filler', 'filler', 1, '{}'::jsonb, 384, " + vectorSql
                + " from knowledge_bases b, generate_series(1, ?) g where b.id = ?::uuid")) {
            int i = 1;
            ps.setString(i++, item);
            if (vectorParam != null) {
                ps.setString(i++, vectorParam);
            }
            ps.setInt(i++, count);
            ps.setString(i, base);
            assertEquals(count, ps.executeUpdate());
        }
    }

    private static String plan(float[] vector, String base) throws SQLException {
        try (Connection c = hnswOnly().getConnection();
             PreparedStatement ps = c.prepareStatement("explain select id from knowledge_chunks where base_id = ?::uuid "
                     + "and dimensions = 384 order by embedding::halfvec(384) <=> ?::halfvec(384) limit 20")) {
            ps.setString(1, base);
            ps.setString(2, PostgresChunkIndex.literal(vector));
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
