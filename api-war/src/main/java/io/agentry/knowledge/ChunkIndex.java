package io.agentry.knowledge;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Where chunks and their vectors are stored and searched: the one place with database-specific
 * SQL for knowledge bases ({@link PostgresChunkIndex}: pgvector HNSW and full-text search;
 * {@link H2ChunkIndex}: exact scans in Java).
 */
public interface ChunkIndex {

    /** A chunk to store: its position in the item, text, token count and vector. */
    record NewChunk(int ordinal, String content, int tokens, float[] vector) {
    }

    /** The item the chunks belong to; title and metadata are copied onto each chunk. */
    record ItemRef(UUID organizationId, UUID baseId, UUID itemId, String title, String metadataJson) {
    }

    /** A search hit; {@code score} is higher for better hits (semantic: cosine similarity). */
    record Hit(long chunkId, UUID itemId, String title, int ordinal, String content, String metadataJson, double score) {
    }

    /**
     * After an item's chunks (this many, of this length) were stored in the base (PostgreSQL:
     * builds the base's HNSW index, in the caller's thread, once the base is large enough for one).
     */
    default void stored(UUID baseId, int dimensions, int chunks) {
    }

    /** After a base was deleted (its chunks went with it; PostgreSQL: its HNSW indexes go too). */
    default void baseDeleted(UUID baseId) {
    }

    /**
     * Every few seconds: catches up with what other servers changed (PostgreSQL: indexes built or
     * dropped) and retries deferred work (PostgreSQL: index builds; may take minutes).
     */
    default void refresh() {
    }

    /** Once at start: brings what the database keeps besides the chunks (indexes) in line with the bases. */
    default void reconcile() {
    }

    /** Replaces an item's chunks, inside the caller's transaction. */
    default void replace(Connection c, ItemRef item, List<NewChunk> chunks) throws SQLException {
        deleteItem(c, item.itemId());
        try (PreparedStatement insert = c.prepareStatement("insert into knowledge_chunks (organization_id, base_id, item_id, "
                + "ordinal, title, content, token_count, metadata, dimensions, embedding) values (?, ?, ?, ?, ?, ?, ?, "
                + metadataParameter() + ", ?, " + vectorParameter() + ")")) {
            for (NewChunk chunk : chunks) {
                insert.setObject(1, item.organizationId());
                insert.setObject(2, item.baseId());
                insert.setObject(3, item.itemId());
                insert.setInt(4, chunk.ordinal());
                insert.setString(5, item.title());
                insert.setString(6, chunk.content());
                insert.setInt(7, chunk.tokens());
                insert.setString(8, item.metadataJson());
                insert.setInt(9, chunk.vector().length);
                insert.setObject(10, vectorValue(chunk.vector()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    default void deleteItem(Connection c, UUID itemId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("delete from knowledge_chunks where item_id = ?")) {
            delete.setObject(1, itemId);
            delete.executeUpdate();
        }
    }

    /** How the insert statement takes a vector (and metadata JSON) in this database. */
    String vectorParameter();

    Object vectorValue(float[] vector);

    default String metadataParameter() {
        return "?";
    }

    /** The {@code k} chunks nearest to the vector (cosine), best first. */
    List<Hit> semantic(UUID baseId, float[] vector, int k, MetadataFilter filter);

    /** The {@code k} chunks best matching the words of the query, best first. */
    List<Hit> keyword(UUID baseId, String query, int k, MetadataFilter filter);

    /** A search's two rankings, best first (empty when not asked for). */
    record Rankings(List<Hit> semantic, List<Hit> keyword) {
    }

    /**
     * The {@code k} best chunks by vector (when given) and by keywords (when given). {@code exact}:
     * the vector ranking ignores any approximate index (benchmarks measure its recall that way);
     * this default composes {@link #semantic} and {@link #keyword}, which must then scan exactly.
     */
    default Rankings search(UUID baseId, float[] vector, String keywordQuery, int k, MetadataFilter filter, boolean exact) {
        return new Rankings(vector == null ? List.of() : semantic(baseId, vector, k, filter),
                keywordQuery == null ? List.of() : keyword(baseId, keywordQuery, k, filter));
    }
}
