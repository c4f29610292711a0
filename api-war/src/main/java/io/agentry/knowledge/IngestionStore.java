package io.agentry.knowledge;

import io.agentry.db.Database;
import io.agentry.db.Dialect;
import io.agentry.db.Times;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of one item's ingestion, portable across PostgreSQL and H2. The work engine runs it
 * (a job per item, {@link IngestionHandler}); every write here is guarded by the item's revision,
 * so an edit made while the item was being indexed makes the result vanish instead of landing
 * (the edit queued the item again).
 */
@ApplicationScoped
public class IngestionStore {

    /** What a worker needs to index one item, read when its job starts. */
    public record Work(UUID itemId, UUID organizationId, UUID baseId, ItemKind kind, ItemStatus status, String title,
                       String content, String question, String answer, String fileName, String mediaType,
                       String metadataJson, int revision, EmbeddingSpec embedding, Integer dimensions, int chunkSize,
                       int chunkOverlap) {
    }

    @Inject
    Database database;

    @Inject
    ChunkIndexes indexes;

    /** The item is being indexed (what its status shows while the job runs). */
    public void markProcessing(Work work) {
        update("update knowledge_items set status = 'processing' where id = ? and revision = ? and status = 'pending'",
                work.itemId(), work.revision());
    }

    public Work load(UUID itemId) {
        String sql = "select i.organization_id, i.base_id, i.kind, i.title, i.content, i.question, i.answer, i.file_name, "
                + "i.media_type, i.metadata, i.revision, i.status, b.embedding_provider, b.embedding_model, "
                + "b.embedding_base_url, b.embedding_dimensions, b.chunk_size, b.chunk_overlap "
                + "from knowledge_items i join knowledge_bases b on b.id = i.base_id where i.id = ?";
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, itemId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Integer dimensions = rs.getObject(16, Integer.class);
                return new Work(itemId, rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        ItemKind.valueOf(rs.getString(3).toUpperCase()), ItemStatus.valueOf(rs.getString(12).toUpperCase()),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getInt(11),
                        new EmbeddingSpec(EmbeddingProvider.valueOf(rs.getString(13).toUpperCase()), rs.getString(14), rs.getString(15)),
                        dimensions, rs.getInt(17), rs.getInt(18));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read item " + itemId + ": " + e.getMessage(), e);
        }
    }

    public byte[] file(UUID itemId) {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select data from knowledge_files where item_id = ?")) {
            ps.setObject(1, itemId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the file of item " + itemId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes the new chunks the item's searchable content, in one transaction: the item's row
     * is updated first (which also locks it), and only if it is still this worker's revision are
     * the old chunks replaced. Returns false, changing nothing, when the work went stale.
     */
    public boolean complete(Work work, List<ChunkIndex.NewChunk> chunks, int dimensions) {
        long tokens = chunks.stream().mapToLong(ChunkIndex.NewChunk::tokens).sum();
        try (Connection c = database.dataSource().getConnection()) {
            // No wait for the WAL flush: if PostgreSQL loses this commit in a crash, the item is
            // still 'processing' under an expiring lease and is simply ingested again.
            if (database.dialect() == Dialect.POSTGRESQL) {
                update(c, "set local synchronous_commit = off");
            }
            int updated = update(c, "update knowledge_items set status = 'ready', error = null, chunk_count = ?, token_count = ?, "
                            + "indexed_at = ? where id = ? and revision = ? and status in ('pending', 'processing')",
                    chunks.size(), tokens, Times.now(), work.itemId(), work.revision());
            if (updated != 1) {
                return false;
            }
            // The first vectors fix the base's length; a later model change resets it (see BaseService).
            update(c, "update knowledge_bases set embedding_dimensions = ?, version = version + 1 "
                    + "where id = ? and embedding_dimensions is null", dimensions, work.baseId());
            indexes.get().replace(c, new ChunkIndex.ItemRef(work.organizationId(), work.baseId(), work.itemId(),
                    work.title(), work.metadataJson()), chunks);
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the chunks of item " + work.itemId() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Ends the item as failed (its old chunks go: they no longer describe its content). With a
     * revision, only that revision; without (the job failed before reading the item), whatever is waiting.
     */
    public void fail(UUID itemId, Integer revision, String reason) {
        try (Connection c = database.dataSource().getConnection()) {
            int updated = revision == null
                    ? update(c, "update knowledge_items set status = 'failed', error = ?, chunk_count = 0, token_count = 0 "
                            + "where id = ? and status in ('pending', 'processing')", truncate(reason), itemId)
                    : update(c, "update knowledge_items set status = 'failed', error = ?, chunk_count = 0, token_count = 0 "
                            + "where id = ? and revision = ? and status in ('pending', 'processing')", truncate(reason), itemId, revision);
            if (updated == 1) {
                indexes.get().deleteItem(c, itemId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark item " + itemId + " failed: " + e.getMessage(), e);
        }
    }

    /** Back to waiting for its next attempt, with the reason visible meanwhile. */
    public void retryLater(UUID itemId, Integer revision, String reason) {
        update("update knowledge_items set status = 'pending', error = ? where id = ? and status in ('pending', 'processing')"
                + (revision == null ? "" : " and revision = " + revision), truncate("will retry: " + reason), itemId);
    }

    private int update(String sql, Object... params) {
        try (Connection c = database.dataSource().getConnection()) {
            return update(c, sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException("ingestion queue update failed: " + e.getMessage(), e);
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static String truncate(String reason) {
        String r = reason == null ? "unknown error" : reason;
        return r.length() > 2000 ? r.substring(0, 1997) + "..." : r;
    }
}
