package io.agentry.jobs;

import io.agentry.db.Dialect;
import io.agentry.db.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The job queue's SQL. Every time it compares or sets is the database's clock, so servers whose
 * clocks disagree still agree on which leases expired. Each method runs on the connection it is
 * given: in the caller's transaction (enqueue, cancel, the guarded final writes) or in auto-commit
 * (claim, heartbeats, the reaper).
 *
 * <p>Claiming differs by database. PostgreSQL: {@code FOR UPDATE SKIP LOCKED} picks due rows no
 * other claimer holds, in one statement with the UPDATE that leases them. H2 applies the limit
 * before skipping locked rows (a second claimer sees nothing), so there candidates are read and
 * each is taken with a compare-and-set UPDATE on its version; one thread per server claims.
 */
public final class JobStore {

    /** A job this server now runs. {@code version} guards every later write of the worker. */
    public record Claimed(UUID id, String kind, UUID subjectId, UUID organizationId, String payload, int priority,
                          int attempts, int maxAttempts, long version) {
    }

    /** A held job as its heartbeat renews it. */
    public record Held(UUID id, long version) {
    }

    public static final String CHANNEL = "agentry_jobs";
    /** A held job's end: removed, unless it was asked for again while it ran ({@link #requeueHeld}). */
    private static final String REMOVE_HELD = "delete from jobs where id = ? and version = ? and lease_owner = ? and rerun = false";

    private static final String COLUMNS = "id, kind, subject_id, organization_id, payload, priority, attempts, max_attempts, version";

    private final Dialect dialect;

    public JobStore(Dialect dialect) {
        this.dialect = dialect;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The database's clock plus a number of seconds given as the next parameter. */
    private String nowPlus() {
        return dialect == Dialect.POSTGRESQL ? "(now() + make_interval(secs => ?))" : "dateadd(millisecond, cast(cast(? as double precision) * 1000 as bigint), current_timestamp)";
    }

    private String now() {
        return dialect == Dialect.POSTGRESQL ? "now()" : "current_timestamp";
    }

    // ---------------------------------------------------------------- in the caller's transaction

    /**
     * Puts a job on the queue. If the subject already has a live job of this kind, that one
     * stays: due no later than this one would be, with the newer payload, and run once more
     * after it finishes if it is running now. Returns true when a new job was inserted.
     */
    public boolean enqueue(Connection c, NewJob job) throws SQLException {
        double delay = job.delay().toMillis() / 1000.0;
        if (dialect == Dialect.POSTGRESQL) {
            // one round trip: the upsert, and the notification other servers get at the commit
            String sql = "with queued as (insert into jobs (id, kind, subject_id, organization_id, payload, state, priority, "
                    + "run_at, attempts, max_attempts, created_at) values (?, ?, ?, ?, ?, 'queued', ?, " + nowPlus() + ", 0, ?, now()) "
                    + "on conflict (kind, subject_id) do update set rerun = jobs.rerun or jobs.state = 'running', "
                    + "payload = excluded.payload, priority = greatest(jobs.priority, excluded.priority), "
                    + "max_attempts = excluded.max_attempts, "
                    + "run_at = case when jobs.state = 'queued' then least(jobs.run_at, excluded.run_at) else jobs.run_at end "
                    + "returning (xmax = 0) as inserted) "
                    + "select inserted, pg_notify('" + CHANNEL + "', ?) from queued";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, UUID.randomUUID(), job.kind(), job.subjectId(), job.organizationId(), job.payload(), job.priority(),
                        delay, job.maxAttempts(), "w:" + job.kind());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        }
        for (int attempt = 0; ; attempt++) {
            String update = "update jobs set rerun = (rerun or state = 'running'), payload = ?, priority = greatest(priority, ?), "
                    + "max_attempts = ?, run_at = case when state = 'queued' then least(run_at, " + nowPlus() + ") else run_at end "
                    + "where kind = ? and subject_id = ?";
            if (update(c, update, job.payload(), job.priority(), job.maxAttempts(), delay, job.kind(), job.subjectId()) == 1) {
                return false;
            }
            try {
                update(c, "insert into jobs (id, kind, subject_id, organization_id, payload, state, priority, run_at, attempts, "
                                + "max_attempts, created_at) values (?, ?, ?, ?, ?, 'queued', ?, " + nowPlus() + ", 0, ?, " + now() + ")",
                        UUID.randomUUID(), job.kind(), job.subjectId(), job.organizationId(), job.payload(), job.priority(),
                        delay, job.maxAttempts());
                return true;
            } catch (SQLException e) {
                if (!SqlErrors.isUniqueViolation(e) || attempt > 3) {
                    throw e; // H2 keeps the transaction usable after a failed statement: the update runs again
                }
            }
        }
    }

    /** What {@link #cancel} found. */
    public enum Cancelled { NONE, REMOVED, RUNNING }

    /**
     * Cancels the subject's live job of this kind: a queued one is removed, a running one is
     * flagged (its server's heartbeat, or the notification, stops its worker).
     */
    public Cancelled cancel(Connection c, String kind, UUID subjectId) throws SQLException {
        if (update(c, "delete from jobs where kind = ? and subject_id = ? and state = 'queued'", kind, subjectId) == 1) {
            return Cancelled.REMOVED;
        }
        UUID running = null;
        try (PreparedStatement ps = c.prepareStatement("select id from jobs where kind = ? and subject_id = ? and state = 'running'")) {
            bind(ps, kind, subjectId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    running = rs.getObject(1, UUID.class);
                }
            }
        }
        if (running == null) {
            return Cancelled.NONE;
        }
        update(c, "update jobs set cancel_requested = true, rerun = false where id = ?", running);
        notify(c, "c:" + running);
        return Cancelled.RUNNING;
    }

    /**
     * PostgreSQL: tells every server listening, at the commit of {@code c}'s transaction:
     * {@code w:<kind>} a job of that kind was queued, {@code c:<job id>} its cancellation.
     */
    public void notify(Connection c, String payload) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement ps = c.prepareStatement("select pg_notify('" + CHANNEL + "', ?)")) {
                ps.setString(1, payload);
                ps.execute();
            }
        }
    }

    /**
     * The worker's last write, guarding the caller's own in the same transaction: removes the
     * job, or re-queues it when more work was asked for while it ran. False when the worker no
     * longer holds the job (its lease was lost) or, unless {@code cancelled} says the worker
     * knows, when it was cancelled: the transaction must then be rolled back.
     */
    public boolean finish(Connection c, Claimed job, String owner, boolean cancelled) throws SQLException {
        // a result must not land once cancellation was asked for; a cancelled job's removal may
        String notCancelled = cancelled ? "" : " and cancel_requested = false";
        if (update(c, REMOVE_HELD + notCancelled, job.id(), job.version(), owner) == 1) {
            return true;
        }
        return update(c, requeueHeld() + notCancelled, job.id(), job.version(), owner) == 1;
    }

    /** A held job asked for again while it ran goes back in the queue instead ({@link #REMOVE_HELD} skips it). */
    private String requeueHeld() {
        return "update jobs set state = 'queued', rerun = false, cancel_requested = false, attempts = 0, lease_owner = null, "
                + "lease_expires_at = null, run_at = " + now() + ", last_error = null "
                + "where id = ? and version = ? and lease_owner = ? and rerun = true";
    }

    /**
     * Finishes jobs whose handlers had nothing to write, in one transaction (auto-commit
     * connection): each is removed, or re-queued if asked for again meanwhile; those no longer
     * held (lease lost, cancelled) are left alone. PostgreSQL does not wait for the WAL flush: a
     * removal lost in a database crash only runs a job again that has nothing left to do.
     */
    public void finishAll(Connection c, List<Claimed> jobs, String owner) throws SQLException {
        c.setAutoCommit(false);
        try {
            if (dialect == Dialect.POSTGRESQL) {
                try (PreparedStatement ps = c.prepareStatement("set local synchronous_commit = off")) {
                    ps.execute();
                }
            }
            for (String sql : List.of(REMOVE_HELD + " and cancel_requested = false", requeueHeld())) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (Claimed job : jobs) {
                        bind(ps, job.id(), job.version(), owner);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Puts a failed attempt back in the queue, due after {@code delaySeconds}; false when the lease was lost or it was cancelled. */
    public boolean retryLater(Connection c, Claimed job, String owner, double delaySeconds, String reason) throws SQLException {
        return update(c, "update jobs set state = 'queued', rerun = false, lease_owner = null, lease_expires_at = null, "
                        + "run_at = " + nowPlus() + ", last_error = ? where id = ? and version = ? and lease_owner = ? "
                        + "and cancel_requested = false",
                delaySeconds, truncate(reason), job.id(), job.version(), owner) == 1;
    }

    // ---------------------------------------------------------------- the engine's own statements (auto-commit)

    /** Leases up to {@code limit} due jobs of one kind to {@code owner}, highest priority first, then oldest. */
    public List<Claimed> claim(Connection c, String kind, String owner, int limit, int leaseSeconds) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            String sql = "with picked as (select id from jobs where state = 'queued' and kind = ? and run_at <= now() "
                    + "order by priority desc, run_at fetch first ? rows only for update skip locked) "
                    + "update jobs j set state = 'running', lease_owner = ?, lease_expires_at = " + nowPlus() + ", "
                    + "attempts = j.attempts + 1, version = j.version + 1, rerun = false "
                    + "from picked where j.id = picked.id returning " + prefixed("j.");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, kind, limit, owner, (double) leaseSeconds);
                List<Claimed> claimed = read(ps);
                claimed.sort((a, b) -> Integer.compare(b.priority(), a.priority()));
                return claimed;
            }
        }
        List<UUID> ids = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select id, version from jobs where state = 'queued' and kind = ? "
                + "and run_at <= current_timestamp order by priority desc, run_at fetch first ? rows only")) {
            bind(ps, kind, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                    versions.add(rs.getLong(2));
                }
            }
        }
        List<Claimed> claimed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            int taken = update(c, "update jobs set state = 'running', lease_owner = ?, lease_expires_at = " + nowPlus() + ", "
                            + "attempts = attempts + 1, version = version + 1, rerun = false "
                            + "where id = ? and version = ? and state = 'queued'",
                    owner, (double) leaseSeconds, ids.get(i), versions.get(i));
            if (taken == 1) {
                try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from jobs where id = ?")) {
                    bind(ps, ids.get(i));
                    claimed.addAll(read(ps));
                }
            }
        }
        return claimed;
    }

    /**
     * Extends the leases of the jobs this server runs. Returns those it no longer holds (taken
     * over after an expiry, removed, or claimed again): their workers must stop.
     */
    public List<Held> renew(Connection c, Collection<Held> held, String owner, int leaseSeconds) throws SQLException {
        List<Held> lost = new ArrayList<>();
        if (held.isEmpty()) {
            return lost;
        }
        List<Held> order = new ArrayList<>(held);
        try (PreparedStatement ps = c.prepareStatement("update jobs set lease_expires_at = " + nowPlus()
                + " where id = ? and version = ? and lease_owner = ? and state = 'running'")) {
            for (Held h : order) {
                bind(ps, (double) leaseSeconds, h.id(), h.version(), owner);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    lost.add(order.get(i));
                }
            }
        }
        return lost;
    }

    /** Jobs of this server whose cancellation was asked for. */
    public List<UUID> cancelRequested(Connection c, String owner) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select id from jobs where lease_owner = ? and cancel_requested = true")) {
            bind(ps, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    /** Puts jobs whose lease expired (their server stopped or died) back in the queue; returns how many. */
    public int reap(Connection c) throws SQLException {
        // cancelled before their server died: nothing left to do
        update(c, "delete from jobs where state = 'running' and cancel_requested = true and lease_expires_at < " + now());
        return update(c, "update jobs set state = 'queued', lease_owner = null, lease_expires_at = null, run_at = " + now() + ", "
                + "last_error = 'the server running it stopped or died (its lease expired)' "
                + "where state = 'running' and lease_expires_at < " + now());
    }

    /** A server stopping hands its running jobs back at once, not counting the interrupted attempt. */
    public int release(Connection c, String owner) throws SQLException {
        return update(c, "update jobs set state = 'queued', lease_owner = null, lease_expires_at = null, run_at = " + now() + ", "
                + "attempts = case when attempts > 0 then attempts - 1 else 0 end, last_error = null "
                + "where lease_owner = ? and state = 'running'", owner);
    }

    // ---------------------------------------------------------------- helpers

    private List<Claimed> read(PreparedStatement ps) throws SQLException {
        List<Claimed> jobs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                jobs.add(new Claimed(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class), rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getLong(9)));
            }
        }
        return jobs;
    }

    private static String prefixed(String prefix) {
        StringBuilder sb = new StringBuilder();
        for (String column : COLUMNS.split(", ")) {
            sb.append(sb.isEmpty() ? "" : ", ").append(prefix).append(column);
        }
        return sb.toString();
    }

    private int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, values);
            return ps.executeUpdate();
        }
    }

    private void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v != null) {
                ps.setObject(i + 1, v);
            } else if (dialect == Dialect.POSTGRESQL) {
                ps.setNull(i + 1, java.sql.Types.OTHER); // typed by its column
            } else {
                ps.setObject(i + 1, null);
            }
        }
    }

    private static String truncate(String reason) {
        String r = reason == null ? "unknown error" : reason;
        return r.length() > 2000 ? r.substring(0, 1997) + "..." : r;
    }
}
