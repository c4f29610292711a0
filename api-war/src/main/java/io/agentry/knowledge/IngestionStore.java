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
 * The ingestion queue's SQL, portable across PostgreSQL and H2. An item is claimed with one
 * conditional UPDATE (only one server can win it), held by a lease its worker renews while
 * embedding, and finished with an UPDATE that only succeeds for the same owner and revision: a
 * PATCH or a lost lease in the meantime makes the worker's result vanish instead of landing.
 */
@ApplicationScoped
public class IngestionStore {

    /** What a worker needs to index one item, read right after claiming it. */
    public record Work(UUID itemId, UUID organizationId, UUID baseId, ItemKind kind, String title, String content,
                       String question, String answer, String fileName, String mediaType, String metadataJson,
                       int revision, int attempts, EmbeddingSpec embedding, Integer dimensions, int chunkSize, int chunkOverlap) {
    }

    /** Pending and due, or processing under an expired lease (parameters: now, now). */
    private static final String CLAIMABLE = "((status = 'pending' and (next_attempt_at is null or next_attempt_at <= ?)) "
            + "or (status = 'processing' and lease_expires_at < ?))";

    @Inject
    Database database;

    @Inject
    ChunkIndexes indexes;

    /** Items a worker may claim now: pending and due, or processing under an expired lease. */
    public List<UUID> candidates(int limit) {
        OffsetDateTime now = Times.now();
        // the limit in the statement: the planner picks the ordered scan that stops there (PostgreSQL: knowledge_items_claimable)
        String sql = "select id from knowledge_items where " + CLAIMABLE + " order by created_at, id fetch first ? rows only";
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, now);
            ps.setObject(2, now);
            ps.setInt(3, limit);
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ingestion queue: " + e.getMessage(), e);
        }
    }

    public boolean claim(UUID itemId, String owner, int leaseSeconds) {
        OffsetDateTime now = Times.now();
        return update("update knowledge_items set status = 'processing', lease_owner = ?, lease_expires_at = ?, "
                        + "attempts = attempts + 1 where id = ? and " + CLAIMABLE,
                owner, now.plusSeconds(leaseSeconds), itemId, now, now) == 1;
    }

    /** Extends the lease; false when the item is no longer this worker's (edited, deleted, taken over). */
    public boolean renew(Work work, String owner, int leaseSeconds) {
        return update("update knowledge_items set lease_expires_at = ? where id = ? and lease_owner = ? "
                        + "and revision = ? and status = 'processing'",
                Times.now().plusSeconds(leaseSeconds), work.itemId(), owner, work.revision()) == 1;
    }

    public Work load(UUID itemId) {
        String sql = "select i.organization_id, i.base_id, i.kind, i.title, i.content, i.question, i.answer, i.file_name, "
                + "i.media_type, i.metadata, i.revision, i.attempts, b.embedding_provider, b.embedding_model, "
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
                        ItemKind.valueOf(rs.getString(3).toUpperCase()), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11), rs.getInt(12),
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
    @Transactional
    public boolean complete(Work work, String owner, List<ChunkIndex.NewChunk> chunks, int dimensions) {
        long tokens = chunks.stream().mapToLong(ChunkIndex.NewChunk::tokens).sum();
        try (Connection c = database.dataSource().getConnection()) {
            // No wait for the WAL flush: if PostgreSQL loses this commit in a crash, the item is
            // still 'processing' under an expiring lease and is simply ingested again.
            if (database.dialect() == Dialect.POSTGRESQL) {
                update(c, "set local synchronous_commit = off");
            }
            int updated = update(c, "update knowledge_items set status = 'ready', error = null, chunk_count = ?, token_count = ?, "
                            + "lease_owner = null, lease_expires_at = null, next_attempt_at = null, indexed_at = ? "
                            + "where id = ? and lease_owner = ? and revision = ? and status = 'processing'",
                    chunks.size(), tokens, Times.now(), work.itemId(), owner, work.revision());
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

    /** Ends the item as failed (its old chunks go: they no longer describe its content). */
    @Transactional
    public void fail(Work work, String owner, String reason) {
        try (Connection c = database.dataSource().getConnection()) {
            int updated = update(c, "update knowledge_items set status = 'failed', error = ?, chunk_count = 0, token_count = 0, "
                            + "lease_owner = null, lease_expires_at = null, next_attempt_at = null "
                            + "where id = ? and lease_owner = ? and revision = ? and status = 'processing'",
                    truncate(reason), work.itemId(), owner, work.revision());
            if (updated == 1) {
                indexes.get().deleteItem(c, work.itemId());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark item " + work.itemId() + " failed: " + e.getMessage(), e);
        }
    }

    /** Puts the item back in the queue, due at {@code at}, keeping the reason visible meanwhile. */
    public void retryLater(Work work, String owner, String reason, OffsetDateTime at) {
        update("update knowledge_items set status = 'pending', error = ?, lease_owner = null, lease_expires_at = null, "
                        + "next_attempt_at = ? where id = ? and lease_owner = ? and revision = ? and status = 'processing'",
                truncate("will retry: " + reason), at, work.itemId(), owner, work.revision());
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
