package io.agentry.jobs;

import io.agentry.db.Database;
import io.agentry.db.Dialect;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the queue's jobs on this server. One dispatcher thread claims due jobs for the kinds that
 * have a free worker and hands each to a worker on the managed executor; it wakes when a job is
 * queued here (after the commit), when PostgreSQL notifies that one was queued elsewhere, when a
 * worker frees up, and otherwise every poll interval (jobs coming due, other servers' leftovers).
 * A heartbeat renews the leases of the jobs running here and stops workers whose job was
 * cancelled or taken over; a reaper re-queues jobs whose lease expired (their server died).
 *
 * <p>Workers are never interrupted with {@link Thread#interrupt()} (H2 closes a file channel that
 * is interrupted mid-read): a stopping job runs the abort hooks its handler registered, which
 * drop the connection it waits on, and its handler checks {@link JobContext#shouldStop()}.
 */
@ApplicationScoped
public class JobEngine {

    private static final Logger LOG = Logger.getLogger(JobEngine.class.getName());
    private static final int MAX_CLAIM = 32;

    @Resource
    ManagedExecutorService workers;

    @Resource
    ManagedThreadFactory threads;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @Any
    Instance<JobHandler> handlerBeans;

    @Inject
    Database database;

    @Inject
    JobFinisher finisher;

    @Inject
    @ConfigProperty(name = "agentry.jobs.lease-seconds", defaultValue = "30")
    int leaseSeconds;

    @Inject
    @ConfigProperty(name = "agentry.jobs.poll-millis", defaultValue = "1000")
    long pollMillis;

    /** Identifies this server's leases; a restarted server is a new owner. */
    private final String owner = "srv-" + UUID.randomUUID();
    private final Map<String, JobHandler> handlers = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Map<UUID, JobContext> held = new ConcurrentHashMap<>();
    /** Jobs whose handler returned with nothing to write: removed together by the dispatcher. */
    private final ConcurrentLinkedQueue<JobStore.Claimed> done = new ConcurrentLinkedQueue<>();
    private final Semaphore wakeups = new Semaphore(0);
    /** Kinds to look at on the next round (a job of theirs was queued or finished); all of them when {@code everything}. */
    private final Set<String> due = ConcurrentHashMap.newKeySet();
    private volatile boolean everything = true;
    private volatile JobStore store;
    private volatile boolean stopping;
    private Thread dispatcher;
    private JobNotifications notifications;
    private ScheduledFuture<?> heartbeat;
    private long ticks;

    public void start() {
        for (JobHandler handler : handlerBeans) {
            if (!handler.enabled()) {
                continue;
            }
            if (handlers.putIfAbsent(handler.kind(), handler) != null) {
                throw new IllegalStateException("two job handlers for kind " + handler.kind());
            }
            running.put(handler.kind(), new AtomicInteger());
        }
        store = new JobStore(database.dialect());
        dispatcher = threads.newThread(this::dispatch);
        dispatcher.setName("agentry-jobs-dispatcher");
        dispatcher.start();
        heartbeat = scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        if (store.dialect() == Dialect.POSTGRESQL) {
            notifications = new JobNotifications(database, threads, this::wake, this::cancelHere);
            notifications.start();
        }
        LOG.info(() -> "Job engine started: kinds " + handlers.keySet() + ", lease " + lease() + " s");
    }

    public JobStore store() {
        JobStore s = store;
        return s != null ? s : new JobStore(database.dialect());
    }

    public String owner() {
        return owner;
    }

    int lease() {
        return Math.max(5, leaseSeconds);
    }

    /** Makes the dispatcher look for work of every kind now. */
    public void wake() {
        everything = true;
        signal();
    }

    /** Makes the dispatcher look for work of one kind now (cheaper: one claim instead of one per kind). */
    void wake(String kind) {
        if (kind == null || !handlers.containsKey(kind)) {
            wake();
            return;
        }
        due.add(kind);
        signal();
    }

    private void signal() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobsQueued event) {
        wake(event.kind());
    }

    /** Stops the worker of a job running here whose cancellation was committed. */
    void cancelHere(UUID jobId) {
        JobContext job = held.get(jobId);
        if (job != null) {
            job.cancel();
        }
    }

    void cancelSubjectHere(String kind, UUID subjectId) {
        for (JobContext job : held.values()) {
            if (job.kind().equals(kind) && job.subjectId().equals(subjectId)) {
                job.cancel();
            }
        }
    }

    // ---------------------------------------------------------------- dispatching

    private void dispatch() {
        while (!stopping) {
            removeDone();
            Set<String> kinds = new HashSet<>();
            if (everything) {
                everything = false;
                kinds.addAll(handlers.keySet());
            }
            for (Iterator<String> i = due.iterator(); i.hasNext(); ) {
                kinds.add(i.next());
                i.remove();
            }
            try {
                for (String kind : kinds) {
                    JobHandler handler = handlers.get(kind);
                    int busy = running.get(kind).get();
                    int free = handler.concurrency() - busy;
                    // Under load, claim in batches (a quarter of the workers at a time), not a statement per job.
                    if (free <= 0 || stopping || (busy > 0 && free < Math.max(1, handler.concurrency() / 4))) {
                        continue; // a finishing worker looks again
                    }
                    int asked = Math.min(free, MAX_CLAIM);
                    List<JobStore.Claimed> claimed;
                    try (Connection c = database.unsharedDataSource().getConnection()) {
                        claimed = store.claim(c, kind, owner, asked, lease());
                    }
                    for (JobStore.Claimed job : claimed) {
                        start(handler, job);
                    }
                    if (claimed.size() == asked) {
                        due.add(kind); // there may be more
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!stopping) {
                    LOG.log(Level.WARNING, "Claiming jobs failed; trying again shortly", e);
                }
            }
            if (due.isEmpty() && !everything) {
                try {
                    if (!wakeups.tryAcquire(Math.max(50, pollMillis), TimeUnit.MILLISECONDS)) {
                        everything = true; // the poll: jobs coming due, leftovers of other servers
                    }
                    wakeups.drainPermits();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void start(JobHandler handler, JobStore.Claimed job) {
        JobContext context = new JobContext(job, this);
        running.get(job.kind()).incrementAndGet();
        held.put(job.id(), context);
        try {
            workers.execute(() -> execute(handler, context));
        } catch (RuntimeException rejected) { // the executor is shutting down: the job goes back at stop
            held.remove(job.id());
            running.get(job.kind()).decrementAndGet();
        }
    }

    private void execute(JobHandler handler, JobContext job) {
        try {
            if (job.attempt() > job.maxAttempts()) {
                // Every attempt so far ended with its server stopping or dying (a poison input, say).
                giveUp(handler, job, "stopped after " + job.maxAttempts() + " attempts that each ended with the server "
                        + "running it stopping or dying");
                return;
            }
            handler.run(job);
            if (!job.finished()) {
                if (job.cancelled()) {
                    discard(job);
                } else {
                    done.add(job.claimed()); // removed with others by the dispatcher: no transaction each
                }
            }
        } catch (Throwable failure) {
            failed(handler, job, failure);
        } finally {
            held.remove(job.id());
            running.get(job.kind()).decrementAndGet();
            wake(job.kind());
        }
    }

    private void failed(JobHandler handler, JobContext job, Throwable failure) {
        if (job.lost() || stopping) {
            return; // another server has it, or it goes back to the queue as this one stops
        }
        if (job.cancelled()) {
            discard(job);
            return;
        }
        JobFailure expected = failure instanceof JobFailure f ? f : null;
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (expected == null) {
            LOG.log(Level.WARNING, "Job " + job.kind() + " " + job.id() + " (attempt " + job.attempt() + ") failed", failure);
        }
        if ((expected != null && expected.isPermanent()) || job.isLastAttempt()) {
            giveUp(handler, job, reason);
            return;
        }
        long delayMillis = handler.retryPolicy().delay(job.attempt(), expected == null ? null : expected.after()).toMillis();
        try {
            finisher.retry(store, job.claimed(), owner, delayMillis / 1000.0, reason,
                    () -> handler.onRetry(job, reason, delayMillis));
            // due sooner than the next poll may come: look for it then (a backoff keeps its length)
            scheduler.schedule(() -> wake(job.kind()), delayMillis, TimeUnit.MILLISECONDS);
        } catch (JobFinisher.LeaseLost lost) {
            discardIfCancelled(job);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not schedule the retry of job " + job.id() + "; it runs again once its lease expires", e);
        }
    }

    private void giveUp(JobHandler handler, JobContext job, String reason) {
        try {
            finisher.complete(store, job.claimed(), owner, () -> handler.onGiveUp(job, reason));
        } catch (JobFinisher.LeaseLost lost) {
            discardIfCancelled(job);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record the failure of job " + job.id() + "; it runs again once its lease expires", e);
        }
    }

    /** A cancelled job ends without a result (the cancellation itself was recorded by whoever asked for it). */
    private void discard(JobContext job) {
        try {
            finisher.discard(store, job.claimed(), owner);
        } catch (JobFinisher.LeaseLost lost) {
            // already gone
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove cancelled job " + job.id() + "; its lease expires", e);
        }
    }

    private void removeDone() {
        List<JobStore.Claimed> batch = new ArrayList<>();
        for (JobStore.Claimed job; batch.size() < 500 && (job = done.poll()) != null; ) {
            batch.add(job);
        }
        if (batch.isEmpty()) {
            return;
        }
        try (Connection c = database.unsharedDataSource().getConnection()) {
            store.finishAll(c, batch, owner);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove " + batch.size() + " finished jobs; they run again once their leases expire", e);
        }
    }

    /** {@link JobContext#complete}: the guarded final write. */
    boolean finish(JobContext job, Runnable write) {
        try {
            finisher.complete(store, job.claimed(), owner, write);
            return true;
        } catch (JobFinisher.LeaseLost lost) {
            discardIfCancelled(job);
            return false;
        }
    }

    /**
     * A guarded write found the job cancelled (the notice had not reached this worker yet) or
     * taken over: a cancelled job that is still ours is removed; one taken over is left alone.
     */
    private void discardIfCancelled(JobContext job) {
        try {
            finisher.discard(store, job.claimed(), owner);
        } catch (JobFinisher.LeaseLost takenOver) {
            // another server holds it now
        }
    }

    // ---------------------------------------------------------------- heartbeat and reaper

    private void tick() {
        if (stopping) {
            return;
        }
        long tick = ++ticks;
        try (Connection c = database.unsharedDataSource().getConnection()) {
            if (!held.isEmpty()) {
                for (UUID id : store.cancelRequested(c, owner)) {
                    cancelHere(id);
                }
                if (tick % Math.max(1, lease() / 3) == 0) {
                    List<JobStore.Held> mine = new ArrayList<>();
                    held.values().forEach(j -> mine.add(new JobStore.Held(j.id(), j.claimed().version())));
                    for (JobStore.Held lost : store.renew(c, mine, owner, lease())) {
                        JobContext job = held.get(lost.id());
                        if (job != null) {
                            LOG.warning("Job " + job.kind() + " " + lost.id() + " was taken over by another server; its worker stops");
                            job.lose();
                        }
                    }
                }
            }
            if (tick % Math.max(1, lease() / 2) == 0 && store.reap(c) > 0) {
                wake();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Job heartbeat failed", e);
        }
    }

    // ---------------------------------------------------------------- stop

    @PreDestroy
    void stop() {
        stopping = true;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (notifications != null) {
            notifications.stop();
        }
        wake();
        removeDone();
        if (store != null && !held.isEmpty()) {
            // Hand the running jobs back at once (not counted as attempts), so another server or the
            // next start takes them without waiting for their leases to expire.
            try (Connection c = database.unsharedDataSource().getConnection()) {
                int released = store.release(c, owner);
                LOG.info(() -> "Handed " + released + " running jobs back to the queue");
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "Could not hand running jobs back; their leases expire", e);
            }
            held.values().forEach(JobContext::lose);
        }
    }
}
