package io.agentry.jobs;

import io.agentry.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The transactions that end an attempt: the job's own row is written first (which also locks
 * it), guarded by the version and owner of the claim, and the handler's writes join the same
 * transaction. A guard that finds the job gone or claimed again rolls everything back.
 */
@ApplicationScoped
public class JobFinisher {

    /** The worker no longer holds the job: whatever it was about to write is discarded. */
    static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("the job's lease was lost", null, false, false);
        }
    }

    @Inject
    Database database;

    @Transactional(rollbackOn = Exception.class)
    public void complete(JobStore store, JobStore.Claimed job, String owner, Runnable write) {
        guard(c -> store.finish(c, job, owner, false));
        write.run();
    }

    /** Removes a cancelled job (or re-queues it, if asked for again meanwhile). */
    @Transactional(rollbackOn = Exception.class)
    public void discard(JobStore store, JobStore.Claimed job, String owner) {
        guard(c -> store.finish(c, job, owner, true));
    }

    @Transactional(rollbackOn = Exception.class)
    public void retry(JobStore store, JobStore.Claimed job, String owner, double delaySeconds, String reason, Runnable write) {
        guard(c -> store.retryLater(c, job, owner, delaySeconds, reason));
        write.run();
    }

    private interface Guard {
        boolean held(Connection c) throws SQLException;
    }

    private void guard(Guard guard) {
        // the transaction's (shareable) connection: the handler's writes use the same one
        try (Connection c = database.dataSource().getConnection()) {
            if (!guard.held(c)) {
                throw new LeaseLost();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update the job queue: " + e.getMessage(), e);
        }
    }
}
