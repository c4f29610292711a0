package io.agentry.knowledge;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Chunks on PostgreSQL. Vectors sit in one pgvector column of any length; a base large enough
 * has a partial HNSW index of its own on {@code embedding::halfvec(n)} ({@link BaseHnswIndexes}),
 * and queries order by exactly that expression with the base's id written into the statement,
 * so the planner can match the index to the query; smaller bases are scanned exactly. Keyword
 * search is PostgreSQL full-text search over a generated tsvector (title weighted above
 * content), queries in web-search syntax.
 */
final class PostgresChunkIndex implements ChunkIndex {

    private static final String COLUMNS = "id, item_id, title, ordinal, content, metadata::text";
    /**
     * Ranks every candidate by id and score alone and reads the other columns of the k best only:
     * a query that matches thousands of chunks would otherwise carry each one's content and
     * metadata (as text) through the sort (keyword searches at 100,000 chunks: p50 1.54 -> 1.15 ms).
     */
    private static final String TOP_K = "select c.id, c.item_id, c.title, c.ordinal, c.content, c.metadata::text, r.score from (";
    private static final String TOP_K_END = ") r join knowledge_chunks c on c.id = r.id order by ";

    private final DataSource dataSource;
    private final int efSearch;
    private final BaseHnswIndexes hnsw;

    PostgresChunkIndex(DataSource dataSource, int efSearch, int hnswMinChunks) {
        this.dataSource = dataSource;
        this.efSearch = efSearch;
        this.hnsw = new BaseHnswIndexes(dataSource, hnswMinChunks);
    }

    @Override
    public void stored(UUID baseId, int dimensions, int chunks) {
        hnsw.grew(baseId, dimensions, chunks);
    }

    @Override
    public void baseDeleted(UUID baseId) {
        hnsw.dropAll(baseId);
    }

    @Override
    public void refresh() {
        hnsw.refresh();
    }

    @Override
    public void reconcile() {
        hnsw.reconcile();
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
        return search(baseId, vector, null, k, filter, false).semantic();
    }

    @Override
    public List<Hit> keyword(UUID baseId, String query, int k, MetadataFilter filter) {
        return search(baseId, null, query, k, filter, false).keyword();
    }

    /**
     * Both rankings in one round trip: the session settings of the vector search and the two
     * queries go to PostgreSQL as one multi-statement request on one connection.
     */
    @Override
    public Rankings search(UUID baseId, float[] vector, String keywordQuery, int k, MetadataFilter filter, boolean exact) {
        if (vector == null && keywordQuery == null) {
            return new Rankings(List.of(), List.of());
        }
        boolean viaIndex = vector != null && !exact && hnsw.isBuilt(baseId, vector.length);
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        if (viaIndex) {
            // Session settings of this pooled connection, set on every use (a pool hands out any
            // connection). Without an iterative scan, a metadata filter would apply to the
            // ef_search candidates only, and could leave fewer results than asked for.
            sql.append("select set_config('hnsw.ef_search', ?, false), set_config('hnsw.iterative_scan', 'relaxed_order', false); ");
            params.add(Integer.toString(Math.max(efSearch, k)));
        }
        if (vector != null) {
            appendNearest(sql, params, baseId, vector, k, filter, viaIndex);
        }
        if (keywordQuery != null) {
            sql.append(vector != null ? "; " : "");
            appendKeyword(sql, params, baseId, keywordQuery, k, filter);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, params);
            ps.execute();
            ResultSet rows = viaIndex ? nextResult(ps) : ps.getResultSet(); // past the settings' row
            List<Hit> semantic = List.of();
            if (vector != null) {
                semantic = hits(rows, true);
                // relaxed_order may return near-ties slightly out of order
                semantic.sort((a, b) -> Double.compare(b.score(), a.score()));
                rows = keywordQuery != null ? nextResult(ps) : null;
            }
            List<Hit> keyword = keywordQuery != null ? hits(rows, false) : List.of();
            return new Rankings(semantic, keyword);
        } catch (SQLException e) {
            throw new IllegalStateException("search failed: " + e.getMessage(), e);
        }
    }

    /**
     * Nearest chunks by cosine distance, scored by the distance between the full-precision
     * vectors. Through the base's HNSW index, the order is the index's expression (the vectors as
     * halfvec), which the planner matches to the index along with the base's id in the text.
     * Otherwise the base's chunks are scanned and ordered by their score: exact.
     */
    private static void appendNearest(StringBuilder sql, List<Object> params, UUID baseId, float[] vector, int k,
                                      MetadataFilter filter, boolean viaIndex) {
        int n = vector.length;
        String literal = literal(vector); // 384 or more floats in text: written once, bound twice
        String where = " from knowledge_chunks where " + baseIs(baseId) + " and dimensions = " + n;
        if (viaIndex) { // the index returns chunks in order: only the k it returns are read
            sql.append("select ").append(COLUMNS).append(", (embedding <=> ?::vector)").append(where);
            params.add(literal);
            appendFilter(sql, params, filter);
            sql.append(" order by embedding::halfvec(").append(n).append(") <=> ?::halfvec(").append(n).append(") limit ?");
            params.add(literal);
        } else {
            sql.append(TOP_K).append("select id, (embedding <=> ?::vector) score").append(where);
            params.add(literal);
            appendFilter(sql, params, filter);
            sql.append(" order by 2, id limit ?").append(TOP_K_END).append("r.score, r.id");
        }
        params.add(k);
    }

    /**
     * Web-search syntax: every word must appear (stemmed, stop words dropped), "quoted phrases"
     * in order, "or" between alternatives, -word excluded. An OR of all words would rank every
     * chunk sharing any common word: without IDF that is noise, and it costs a rank per match.
     */
    private static void appendKeyword(StringBuilder sql, List<Object> params, UUID baseId, String query, int k,
                                      MetadataFilter filter) {
        sql.append(TOP_K).append("select id, ts_rank(tsv, q, 32) score from knowledge_chunks, "
                + "websearch_to_tsquery('english', ?) q where ").append(baseIs(baseId)).append(" and tsv @@ q");
        params.add(query);
        appendFilter(sql, params, filter);
        sql.append(" order by 2 desc, id limit ?").append(TOP_K_END).append("r.score desc, r.id");
        params.add(k);
    }

    /**
     * The base's id written into the statement, not bound: the planner then knows how many chunks
     * the base has, in a generic plan too. Bound, it took an average base size and, for a base
     * holding most of the table, intersected the full-text matches with a bitmap of every chunk
     * of the base (5 ms of a 6 ms keyword search at 100,000 chunks). It also lets the planner
     * match a base's partial HNSW index. A UUID is safe to write into SQL.
     */
    private static String baseIs(UUID baseId) {
        return "base_id = '" + baseId + "'";
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
