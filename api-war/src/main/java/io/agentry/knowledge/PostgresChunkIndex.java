package io.agentry.knowledge;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Chunks on PostgreSQL. Vectors sit in one pgvector column of any length; each length has its
 * own partial HNSW index on {@code embedding::vector(n)} (cosine), and queries use exactly that
 * expression so the planner can pick the index. Keyword search is PostgreSQL full-text search
 * over a generated tsvector (title weighted above content), queries in web-search syntax.
 */
final class PostgresChunkIndex implements ChunkIndex {

    private static final String COLUMNS = "id, item_id, title, ordinal, content, metadata::text";

    private final DataSource dataSource;
    private final int efSearch;
    private final Set<Integer> prepared = ConcurrentHashMap.newKeySet();

    PostgresChunkIndex(DataSource dataSource, int efSearch) {
        this.dataSource = dataSource;
        this.efSearch = efSearch;
    }

    @Override
    public void prepare(int dimensions) {
        if (dimensions < 1 || dimensions > 16_000 || prepared.contains(dimensions)) {
            return;
        }
        if (dimensions <= 2_000) { // HNSW's limit for vector columns
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("create index if not exists knowledge_chunks_hnsw_" + dimensions + " on knowledge_chunks "
                        + "using hnsw ((embedding::vector(" + dimensions + ")) vector_cosine_ops) where dimensions = " + dimensions);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the vector index for " + dimensions + " dimensions: " + e.getMessage(), e);
            }
        }
        prepared.add(dimensions);
    }

    @Override
    public String vectorParameter() {
        return "?::vector";
    }

    @Override
    public Object vectorValue(float[] vector) {
        return literal(vector);
    }

    @Override
    public String metadataParameter() {
        return "?::jsonb";
    }

    @Override
    public List<Hit> semantic(UUID baseId, float[] vector, int k, MetadataFilter filter) {
        return nearest(baseId, vector, k, filter, false);
    }

    @Override
    public List<Hit> exactSemantic(UUID baseId, float[] vector, int k) {
        return nearest(baseId, vector, k, MetadataFilter.NONE, true);
    }

    private List<Hit> nearest(UUID baseId, float[] vector, int k, MetadataFilter filter, boolean exact) {
        int n = vector.length;
        String distance = "(embedding::vector(" + n + ") <=> ?::vector(" + n + "))";
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(", ").append(distance)
                .append(" from knowledge_chunks where base_id = ? and dimensions = ").append(n);
        params.add(literal(vector));
        params.add(baseId);
        appendFilter(sql, params, filter);
        sql.append(" order by ").append(distance).append(" limit ?");
        params.add(literal(vector));
        params.add(k);
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                // Session settings of this pooled connection, set on every use (a pool hands out any
                // connection). The HNSW index holds every base's chunks and the base is a filter on
                // what it returns: without an iterative scan, a base that is a small part of the index
                // would get only its share of the ef_search candidates (often none of them).
                s.execute("select set_config('hnsw.ef_search', '" + Math.max(efSearch, k) + "', false), "
                        + "set_config('hnsw.iterative_scan', 'relaxed_order', false), "
                        + "set_config('enable_indexscan', '" + (exact ? "off" : "on") + "', false)");
            }
            List<Hit> hits;
            try {
                hits = query(c, sql.toString(), params, true);
            } finally {
                if (exact) { // the connection goes back to the pool: leave it as other users expect
                    try (Statement s = c.createStatement()) {
                        s.execute("select set_config('enable_indexscan', 'on', false)");
                    }
                }
            }
            // relaxed_order may return near-ties slightly out of order
            hits.sort((a, b) -> Double.compare(b.score(), a.score()));
            return hits;
        } catch (SQLException e) {
            throw new IllegalStateException("semantic search failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Hit> keyword(UUID baseId, String query, int k, MetadataFilter filter) {
        // Web-search syntax: every word must appear (stemmed, stop words dropped), "quoted phrases"
        // in order, "or" between alternatives, -word excluded. An OR of all words would rank every
        // chunk sharing any common word: without IDF that is noise, and it costs a rank per match.
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(", ts_rank(tsv, q, 32) from knowledge_chunks, "
                + "websearch_to_tsquery('english', ?) q where base_id = ? and tsv @@ q");
        params.add(query);
        params.add(baseId);
        appendFilter(sql, params, filter);
        sql.append(" order by 7 desc, id limit ?");
        params.add(k);
        try (Connection c = dataSource.getConnection()) {
            return query(c, sql.toString(), params, false);
        } catch (SQLException e) {
            throw new IllegalStateException("keyword search failed: " + e.getMessage(), e);
        }
    }

    private static void appendFilter(StringBuilder sql, List<Object> params, MetadataFilter filter) {
        for (MetadataFilter.Condition condition : filter.conditions()) {
            sql.append(" and (");
            boolean first = true;
            for (var value : condition.values()) {
                for (String document : MetadataFilter.containmentDocuments(condition.key(), value)) {
                    sql.append(first ? "" : " or ").append("metadata @> ?::jsonb");
                    params.add(document);
                    first = false;
                }
            }
            sql.append(")");
        }
    }

    private static List<Hit> query(Connection c, String sql, List<Object> params, boolean distance) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            List<Hit> hits = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double value = rs.getDouble(7);
                    hits.add(new Hit(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
                            rs.getString(5), rs.getString(6), distance ? 1 - value : value));
                }
            }
            return hits;
        }
    }

    /** pgvector's text form, {@code [x,y,...]}: needs no driver-registered type. */
    static String literal(float[] vector) {
        StringBuilder s = new StringBuilder(vector.length * 12).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append(vector[i]);
        }
        return s.append(']').toString();
    }
}
