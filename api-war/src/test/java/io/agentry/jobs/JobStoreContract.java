package io.agentry.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job queue's SQL on a real database (H2 in {@code H2JobStoreTest}, PostgreSQL in
 * {@code PostgresJobStoreIT}): claiming by priority and due time, never the same job twice,
 * leases that expire by the database's clock, guarded final writes, cancellation, reruns. Each
 * test uses a kind of its own, which no server has a handler for.
 */
abstract class JobStoreContract {

    private JobStore store;
    private String kind;

    abstract Connection connect() throws SQLException;

    abstract Dialect dialect();

    @BeforeEach
    void setUp() {
        store = new JobStore(dialect());
        kind = "test." + UUID.randomUUID();
    }

    private UUID enqueue(int priority, Duration delay) throws SQLException {
        UUID subject = UUID.randomUUID();
        try (Connection c = connect()) {
            assertTrue(store.enqueue(c, new NewJob(kind, subject, null, "{}", priority, delay, 3)));
        }
        return subject;
    }

    /** Owners of this test only (other tests' jobs stay in the table). */
    private String owner(String name) {
        return name + "@" + kind;
    }

    private List<JobStore.Claimed> claim(String owner, int limit, int leaseSeconds) throws SQLException {
        try (Connection c = connect()) {
            return store.claim(c, kind, owner, limit, leaseSeconds);
        }
    }

    private String state(UUID subject) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("select state from jobs where kind = ? and subject_id = ?")) {
            ps.setString(1, kind);
            ps.setObject(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void jobsAreClaimedByPriorityThenByAge() throws Exception {
        UUID low = enqueue(0, Duration.ZERO);
        Thread.sleep(5);
        UUID urgent = enqueue(3, Duration.ZERO);
        Thread.sleep(5);
        UUID olderHigh = enqueue(2, Duration.ZERO);
        Thread.sleep(5);
        UUID newerHigh = enqueue(2, Duration.ZERO);
        enqueue(5, Duration.ofHours(1)); // not due yet
        List<UUID> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            claim(owner("a"), 1, 30).forEach(j -> order.add(j.subjectId()));
        }
        assertEquals(List.of(urgent, olderHigh, newerHigh, low), order);
    }

    @Test
    void twoClaimersNeverGetTheSameJob() throws Exception {
        Set<UUID> queued = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            queued.add(enqueue(i % 3, Duration.ZERO));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<UUID>>> claimers = new ArrayList<>();
            for (String owner : List.of(owner("a"), owner("b"))) {
                claimers.add(pool.submit(() -> {
                    List<UUID> mine = new ArrayList<>();
                    for (int round = 0; round < 100; round++) {
                        claim(owner, 3, 30).forEach(j -> mine.add(j.subjectId()));
                    }
                    return mine;
                }));
            }
            List<UUID> a = claimers.get(0).get();
            List<UUID> b = claimers.get(1).get();
            Set<UUID> both = new HashSet<>(a);
            both.retainAll(b);
            assertEquals(Set.of(), both, "claimed by both");
            assertEquals(a.size(), new HashSet<>(a).size());
            assertEquals(b.size(), new HashSet<>(b).size());
            Set<UUID> all = new HashSet<>(a);
            all.addAll(b);
            assertEquals(queued, all, "every job claimed once");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void anExpiredLeaseGoesBackToTheQueueAndItsFormerHolderLearnsItLostIt() throws Exception {
        UUID subject = enqueue(0, Duration.ZERO);
        JobStore.Claimed first = claim(owner("dead-server"), 1, 1).get(0);
        assertEquals(1, first.attempts());
        try (Connection c = connect()) {
            store.reap(c);
        }
        assertEquals("running", state(subject), "the lease has not expired yet");
        Thread.sleep(1_500);
        try (Connection c = connect()) {
            store.reap(c); // (a test server's reaper may have been first: the same outcome)
        }
        assertEquals("queued", state(subject), "expired by the database's clock");
        JobStore.Claimed second = claim(owner("live-server"), 1, 30).get(0);
        assertEquals(2, second.attempts(), "the interrupted attempt counts");
        assertTrue(second.version() > first.version());
        try (Connection c = connect()) {
            assertEquals(List.of(new JobStore.Held(first.id(), first.version())),
                    store.renew(c, List.of(new JobStore.Held(first.id(), first.version())), owner("dead-server"), 30), "lost");
            assertEquals(List.of(), store.renew(c, List.of(new JobStore.Held(second.id(), second.version())), owner("live-server"), 30));
            assertFalse(store.finish(c, first, owner("dead-server"), false), "the former holder's result does not land");
            assertTrue(store.finish(c, second, owner("live-server"), false));
        }
        assertEquals(null, state(subject));
    }

    @Test
    void aCancelledJobsResultDoesNotLandButTheJobIsRemoved() throws Exception {
        UUID queuedSubject = enqueue(0, Duration.ZERO);
        try (Connection c = connect()) {
            assertEquals(JobStore.Cancelled.REMOVED, store.cancel(c, kind, queuedSubject), "a queued job just goes");
        }
        UUID subject = enqueue(0, Duration.ZERO);
        JobStore.Claimed job = claim(owner("a"), 1, 30).get(0);
        try (Connection c = connect()) {
            assertEquals(JobStore.Cancelled.RUNNING, store.cancel(c, kind, subject));
            assertEquals(List.of(job.id()), store.cancelRequested(c, owner("a")));
            assertFalse(store.finish(c, job, owner("a"), false), "no result after a cancellation");
            assertFalse(store.retryLater(c, job, owner("a"), 1, "failed"), "nor a retry");
            assertFalse(store.finish(c, job, owner("b"), true), "only its holder removes it");
            assertTrue(store.finish(c, job, owner("a"), true));
            assertEquals(JobStore.Cancelled.NONE, store.cancel(c, kind, subject));
        }
        assertEquals(null, state(subject));
    }

    @Test
    void workAskedForWhileAJobRunsRunsOnceMoreAfterIt() throws Exception {
        UUID subject = enqueue(0, Duration.ZERO);
        JobStore.Claimed job = claim(owner("a"), 1, 30).get(0);
        try (Connection c = connect()) {
            assertFalse(store.enqueue(c, NewJob.of(kind, subject, null, 3)), "no second job for the subject");
            assertTrue(store.finish(c, job, owner("a"), false));
        }
        assertEquals("queued", state(subject), "queued again for the work asked for meanwhile");
        JobStore.Claimed again = claim(owner("a"), 1, 30).get(0);
        assertEquals(1, again.attempts(), "a fresh run");
        try (Connection c = connect()) {
            assertTrue(store.finish(c, again, owner("a"), false));
        }
        assertEquals(null, state(subject));
    }

    @Test
    void aRetryWaitsByTheDatabasesClockAndAReleasedJobKeepsItsAttempts() throws Exception {
        enqueue(0, Duration.ZERO);
        JobStore.Claimed job = claim(owner("a"), 1, 30).get(0);
        try (Connection c = connect()) {
            assertTrue(store.retryLater(c, job, owner("a"), 1.0, "the model said 503"));
        }
        assertEquals(List.of(), claim(owner("a"), 1, 30), "not due yet");
        Thread.sleep(1_200);
        JobStore.Claimed retried = claim(owner("b"), 1, 30).get(0);
        assertEquals(2, retried.attempts());
        try (Connection c = connect()) {
            assertEquals(1, store.release(c, owner("b")), "a stopping server hands it back");
        }
        JobStore.Claimed resumed = claim(owner("c"), 1, 30).get(0);
        assertEquals(2, resumed.attempts(), "the interrupted attempt is not counted");
    }
}
