package io.agentry.knowledge;

import io.agentry.db.Database;
import io.agentry.jobs.JobQueue;
import io.agentry.jobs.NewJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Hands items to the work engine: an ingestion job per item, queued in the transaction that
 * makes the item pending (a new item, an edit, a base re-indexed), removed with the item.
 */
@ApplicationScoped
public class IngestionQueue {

    @Inject
    JobQueue jobs;

    @Inject
    Database database;

    @Inject
    KnowledgeSettings settings;

    /** In the caller's transaction: the item is (re-)indexed once it commits. */
    public void queue(UUID organizationId, UUID itemId) {
        jobs.enqueue(NewJob.of(IngestionHandler.KIND, itemId, organizationId, settings.maxAttempts()));
    }

    /** Every item of a base, after they were all marked pending (a new chunk size or model). */
    public void queueBase(UUID organizationId, UUID baseId) {
        for (UUID item : ids("select id from knowledge_items where base_id = ?", baseId)) {
            queue(organizationId, item);
        }
    }

    public void forget(UUID itemId) {
        jobs.cancel(IngestionHandler.KIND, itemId);
    }

    /**
     * At start: items waiting for ingestion that have no job (queued by a version before the work
     * engine, or left by a failure between the two writes) get one.
     */
    @Transactional
    public int reconcile() {
        List<UUID[]> orphans = new ArrayList<>();
        String sql = "select i.id, i.organization_id from knowledge_items i where i.status in ('pending', 'processing') "
                + "and not exists (select 1 from jobs j where j.kind = ? and j.subject_id = i.id)";
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, IngestionHandler.KIND);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orphans.add(new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the items waiting for ingestion: " + e.getMessage(), e);
        }
        for (UUID[] item : orphans) {
            queue(item[1], item[0]);
        }
        return orphans.size();
    }

    private List<UUID> ids(String sql, UUID parameter) {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read items: " + e.getMessage(), e);
        }
        return ids;
    }
}
