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
 * Chunks on PostgreSQL. Vectors sit in one pgvector column of any length; each length up to
 * 4,000 has its own partial HNSW index on {@code embedding::halfvec(n)} (cosine: half the size
 * of a vector index, same recall), and queries order by exactly that expression so the planner
 * can pick the index. Keyword search is PostgreSQL full-text search
 * over a generated tsvector (title weighted above content), queries in web-search syntax.
 */
final class PostgresChunkIndex implements ChunkIndex {

    private static final String COLUMNS = "id, item_id, title, ordinal, content, metadata::text";

    /** HNSW's limit for halfvec: longer vectors are searched exactly. */
    private static final int MAX_INDEXED_DIMENSIONS = 4_000;

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
        if (dimensions <= MAX_INDEXED_DIMENSIONS) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("create index if not exists knowledge_chunks_hnsw_half_" + dimensions + " on knowledge_chunks "
                        + "using hnsw ((embedding::halfvec(" + dimensions + ")) halfvec_cosine_ops) where dimensions = " + dimensions);
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
        return search(baseId, vector, null, k, filter).semantic();
    }

    @Override
    public List<Hit> keyword(UUID baseId, String query, int k, MetadataFilter filter) {
        return search(baseId, null, query, k, filter).keyword();
    }

    /**
     * Both rankings in one round trip: the session settings of the vector search and the two
     * queries go to PostgreSQL as one multi-statement request on one connection.
     */
    @Override
    public Rankings search(UUID baseId, float[] vector, String keywordQuery, int k, MetadataFilter filter) {
        if (vector == null && keywordQuery == null) {
            return new Rankings(List.of(), List.of());
        }
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        if (vector != null) {
            // Session settings of this pooled connection, set on every use (a pool hands out any
            // connection). The HNSW index holds every base's chunks and the base is a filter on
            // what it returns: without an iterative scan, a base that is a small part of the index
            // would get only its share of the ef_search candidates (often none of them).
            sql.append("select set_config('hnsw.ef_search', ?, false), set_config('hnsw.iterative_scan', 'relaxed_order', false), "
                    + "set_config('enable_indexscan', 'on', false); ");
            params.add(Integer.toString(Math.max(efSearch, k)));
            appendNearest(sql, params, baseId, vector, k, filter, false);
        }
        if (keywordQuery != null) {
            sql.append(vector != null ? "; " : "");
            appendKeyword(sql, params, baseId, keywordQuery, k, filter);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, params);
            ps.execute();
            List<Hit> semantic = List.of();
            if (vector != null) {
                semantic = hits(nextResult(ps), true); // past the settings' row
                // relaxed_order may return near-ties slightly out of order
                semantic.sort((a, b) -> Double.compare(b.score(), a.score()));
            }
            List<Hit> keyword = List.of();
            if (keywordQuery != null) {
                keyword = hits(vector != null ? nextResult(ps) : ps.getResultSet(), false);
            }
            return new Rankings(semantic, keyword);
        } catch (SQLException e) {
            throw new IllegalStateException("search failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Hit> exactSemantic(UUID baseId, float[] vector, int k) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        appendNearest(sql, params, baseId, vector, k, MetadataFilter.NONE, true);
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("select set_config('enable_indexscan', 'off', false)");
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    return hits(rs, true);
                }
            } finally { // the connection goes back to the pool: leave it as other users expect
                try (Statement s = c.createStatement()) {
                    s.execute("select set_config('enable_indexscan', 'on', false)");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("exact search failed: " + e.getMessage(), e);
        }
    }

    /**
     * Nearest chunks by cosine distance. The order is the HNSW index's expression (the vectors as
     * halfvec) unless exact; the score is the distance between the full-precision vectors.
     */
    private static void appendNearest(StringBuilder sql, List<Object> params, UUID baseId, float[] vector, int k,
                                      MetadataFilter filter, boolean exact) {
        int n = vector.length;
        String distance = "(embedding::vector(" + n + ") <=> ?::vector(" + n + "))";
        String order = exact || n > MAX_INDEXED_DIMENSIONS ? distance : "(embedding::halfvec(" + n + ") <=> ?::halfvec(" + n + "))";
        String literal = literal(vector); // 384 or more floats in text: written once, bound twice
        sql.append("select ").append(COLUMNS).append(", ").append(distance)
                .append(" from knowledge_chunks where base_id = ? and dimensions = ").append(n);
        params.add(literal);
        params.add(baseId);
        appendFilter(sql, params, filter);
        sql.append(" order by ").append(order).append(" limit ?");
        params.add(literal);
        params.add(k);
    }

    /**
     * Web-search syntax: every word must appear (stemmed, stop words dropped), "quoted phrases"
     * in order, "or" between alternatives, -word excluded. An OR of all words would rank every
     * chunk sharing any common word: without IDF that is noise, and it costs a rank per match.
     */
    private static void appendKeyword(StringBuilder sql, List<Object> params, UUID baseId, String query, int k,
                                      MetadataFilter filter) {
        sql.append("select ").append(COLUMNS).append(", ts_rank(tsv, q, 32) from knowledge_chunks, "
                + "websearch_to_tsquery('english', ?) q where base_id = ? and tsv @@ q");
        params.add(query);
        params.add(baseId);
        appendFilter(sql, params, filter);
        sql.append(" order by 7 desc, id limit ?");
        params.add(k);
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

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    private static ResultSet nextResult(PreparedStatement ps) throws SQLException {
        if (!ps.getMoreResults()) {
            throw new SQLException("a query of the search returned no rows set");
        }
        return ps.getResultSet();
    }

    private static List<Hit> hits(ResultSet rs, boolean distance) throws SQLException {
        try (rs) {
            List<Hit> hits = new ArrayList<>();
            while (rs.next()) {
                double value = rs.getDouble(7);
                hits.add(new Hit(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
                        rs.getString(5), rs.getString(6), distance ? 1 - value : value));
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
