package io.agentry.knowledge;

import java.sql.Connection;
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

    /** Makes vectors of this length searchable fast (PostgreSQL: their HNSW index). */
    void prepare(int dimensions);

    /** Replaces an item's chunks, inside the caller's transaction. */
    void replace(Connection connection, ItemRef item, List<NewChunk> chunks) throws SQLException;

    void deleteItem(Connection connection, UUID itemId) throws SQLException;

    /** The {@code k} chunks nearest to the vector (cosine), best first. */
    List<Hit> semantic(UUID baseId, float[] vector, int k, MetadataFilter filter);

    /** The {@code k} chunks best matching the words of the query, best first. */
    List<Hit> keyword(UUID baseId, String query, int k, MetadataFilter filter);

    /** Exact nearest neighbours, ignoring any approximate index (benchmarks measure recall with it). */
    List<Hit> exactSemantic(UUID baseId, float[] vector, int k);
}
