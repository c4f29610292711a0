package io.agentry.events;

import io.agentry.db.AtomicWrites;
import io.agentry.db.Jdbc;
import io.agentry.db.Times;
import io.agentry.http.JacksonWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What happens to a piece of work (a task, a run), in order: appended as it happens (in the
 * transaction of the change when there is one), read by live streams from any id on, so a client
 * that reconnects with Last-Event-ID misses nothing. A stream on the server that appended wakes
 * at once; one on another server sees it at its next look (a fraction of a second).
 */
@ApplicationScoped
public class EventLog {

    /** One event: its id (for Last-Event-ID), type and JSON data. */
    public record Entry(long id, String type, String data) {
    }

    /** Fired after an append commits: wakes this server's streams of the subject. */
    record Appended(UUID subjectId) {
    }

    @Inject
    Jdbc jdbc;

    @Inject
    Event<Appended> appended;

    private final Map<UUID, Waiters> waiters = new ConcurrentHashMap<>();

    /** Appends an event; joins the caller's transaction if there is one. */
    public void append(UUID subjectId, String type, Object data) {
        String json;
        try {
            json = JacksonWriter.MAPPER.writeValueAsString(data);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a " + type + " event", e);
        }
        jdbc.update("insert into work_events (subject_id, type, data, created_at) values (?, ?, ?, ?)",
                subjectId, type, json, Times.now());
        appended.fire(new Appended(subjectId));
    }

    /** Adds an event's insert to writes that commit together; {@link #announce} once they have. */
    public AtomicWrites addTo(AtomicWrites writes, UUID subjectId, String type, Object data) {
        try {
            return writes.add("insert into work_events (subject_id, type, data, created_at) values (?, ?, ?, ?)",
                    subjectId, type, JacksonWriter.MAPPER.writeValueAsString(data), Times.now());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a " + type + " event", e);
        }
    }

    /** Wakes this server's streams of the subject (after writes made with {@link #addTo} committed). */
    public void announce(UUID subjectId) {
        appended.fire(new Appended(subjectId));
    }

    /** The subject's events after {@code afterId}, oldest first, at most {@code limit}. */
    public List<Entry> after(UUID subjectId, long afterId, int limit) {
        return jdbc.list("select id, type, data from work_events where subject_id = ? and id > ? order by id fetch first ? rows only",
                rs -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3)), subjectId, afterId, limit);
    }

    /** Removes the subject's events of one type (deltas once the result is stored), or all (type null). */
    public void remove(UUID subjectId, String type) {
        if (type == null) {
            jdbc.update("delete from work_events where subject_id = ?", subjectId);
        } else {
            jdbc.update("delete from work_events where subject_id = ? and type = ?", subjectId, type);
        }
    }

    /** Waits until an event of the subject is appended on this server, or the time is up. */
    public void await(UUID subjectId, long millis) throws InterruptedException {
        Waiters w = waiters.computeIfAbsent(subjectId, id -> new Waiters());
        w.lock.lock();
        try {
            w.count++;
            w.changed.await(millis, TimeUnit.MILLISECONDS);
        } finally {
            w.count--;
            if (w.count == 0) {
                waiters.remove(subjectId, w);
            }
            w.lock.unlock();
        }
    }

    void onAppended(@Observes(during = TransactionPhase.AFTER_SUCCESS) Appended event) {
        Waiters w = waiters.get(event.subjectId());
        if (w != null) {
            w.lock.lock();
            try {
                w.changed.signalAll();
            } finally {
                w.lock.unlock();
            }
        }
    }

    private static final class Waiters {
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
        int count;
    }
}
