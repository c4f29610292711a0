package io.agentry.tokens;

import io.agentry.db.Database;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts token calls and last use in memory and adds them to the database once a second (and
 * before any token is read), so requests never queue on a token row's lock. Increments are
 * additive, so several server instances never lose each other's counts.
 */
@ApplicationScoped
public class TokenUsageRecorder {

    private static final Logger LOG = Logger.getLogger(TokenUsageRecorder.class.getName());

    @Inject
    Database database;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Map<UUID, Pending> pending = new ConcurrentHashMap<>();
    private ScheduledFuture<?> flushing;

    private static final class Pending {
        final LongAdder calls = new LongAdder();
        final java.util.concurrent.atomic.AtomicLong lastUsedMillis = new java.util.concurrent.atomic.AtomicLong();
    }

    public void start() {
        flushing = scheduler.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
    }

    public void record(UUID tokenId) {
        Pending p = pending.computeIfAbsent(tokenId, id -> new Pending());
        p.calls.increment();
        p.lastUsedMillis.set(System.currentTimeMillis()); // converted at flush, off the request path
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not write token usage counters; will retry", e);
        }
    }

    /** Writes the pending counters (in their own transaction); on failure they are kept for the next attempt. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        String sql = "update api_tokens set call_count = call_count + ?, "
                + "last_used_at = case when last_used_at is null or last_used_at < ? then ? else last_used_at end "
                + "where id = ?";
        Map<UUID, long[]> taken = new java.util.HashMap<>();
        Map<UUID, OffsetDateTime> lastUsed = new java.util.HashMap<>();
        for (var entry : pending.entrySet()) {
            long calls = entry.getValue().calls.sumThenReset();
            OffsetDateTime last = OffsetDateTime.ofInstant(
                    java.time.Instant.ofEpochMilli(entry.getValue().lastUsedMillis.get()), java.time.ZoneOffset.UTC);
            if (calls > 0) {
                taken.put(entry.getKey(), new long[] {calls});
                lastUsed.put(entry.getKey(), last);
            }
        }
        if (taken.isEmpty()) {
            return;
        }
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            for (var entry : taken.entrySet()) {
                OffsetDateTime last = lastUsed.get(entry.getKey());
                update.setLong(1, entry.getValue()[0]);
                update.setObject(2, last);
                update.setObject(3, last);
                update.setObject(4, entry.getKey());
                update.addBatch();
            }
            update.executeBatch();
        } catch (SQLException e) {
            taken.forEach((id, calls) -> pending.computeIfAbsent(id, k -> new Pending()).calls.add(calls[0]));
            throw new IllegalStateException("token usage flush failed: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void stop() {
        if (flushing != null) {
            flushing.cancel(false);
        }
        flushQuietly();
    }
}
