package io.agentry.jobs;

import io.agentry.db.AtomicWrites;
import io.agentry.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * How features hand work to the engine. Both calls join the caller's transaction: a job exists
 * exactly when the change that asked for it commits (the outbox pattern), and it starts right
 * after the commit, on this server or (PostgreSQL) on whichever server listens first.
 */
@ApplicationScoped
public class JobQueue {

    @Inject
    Database database;

    @Inject
    JobEngine engine;

    @Inject
    Event<JobsQueued> queued;

    @Inject
    Event<JobCancelled> cancelledEvents;

    /** Queues a job (see {@link JobStore#enqueue} for a subject that already has one). */
    public void enqueue(NewJob job) {
        try (Connection c = database.dataSource().getConnection()) {
            engine.store().enqueue(c, job);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot queue a " + job.kind() + " job: " + e.getMessage(), e);
        }
        queued.fire(new JobsQueued(job.kind()));
    }

    /**
     * Adds a new subject's first job to writes that commit together (a chat's message and the job
     * that answers it). Call {@link #announce} once they have.
     */
    public AtomicWrites addTo(AtomicWrites writes, NewJob job) {
        return writes.add("insert into jobs (id, kind, subject_id, organization_id, payload, state, priority, run_at, attempts, "
                        + "max_attempts, created_at) values (?, ?, ?, ?, ?, 'queued', ?, current_timestamp, 0, ?, current_timestamp)",
                UUID.randomUUID(), job.kind(), job.subjectId(), job.organizationId(), job.payload(), job.priority(),
                job.maxAttempts());
    }

    /** Starts jobs added with {@link #addTo} (their writes committed). */
    public void announce(String kind) {
        queued.fire(new JobsQueued(kind));
    }

    /**
     * For jobs added with {@link #addTo} inside the caller's transaction: they start once it
     * commits, here and (PostgreSQL: a notification sent at the commit) on the other servers.
     */
    public void announceInTransaction(String kind) {
        try (Connection c = database.dataSource().getConnection()) {
            engine.store().notify(c, "w:" + kind);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot announce " + kind + " jobs: " + e.getMessage(), e);
        }
        queued.fire(new JobsQueued(kind));
    }

    /**
     * Cancels the subject's job of this kind: a queued one is removed, a running one is stopped
     * (its abort hooks run, its result is discarded). Returns what was found.
     */
    public JobStore.Cancelled cancel(String kind, UUID subjectId) {
        JobStore.Cancelled found;
        try (Connection c = database.dataSource().getConnection()) {
            found = engine.store().cancel(c, kind, subjectId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot cancel a " + kind + " job: " + e.getMessage(), e);
        }
        if (found == JobStore.Cancelled.RUNNING) {
            cancelledEvents.fire(new JobCancelled(kind, subjectId));
        }
        return found;
    }

    /** A running job's cancellation committed: stop it at once if it runs here. */
    public record JobCancelled(String kind, UUID subjectId) {
    }

    void onCancelled(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobCancelled event) {
        engine.cancelSubjectHere(event.kind(), event.subjectId());
    }
}
