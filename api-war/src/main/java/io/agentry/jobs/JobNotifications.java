package io.agentry.jobs;

import io.agentry.db.Database;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL only: listens on {@link JobStore#CHANNEL}, so a job queued or cancelled on another
 * server reaches this one in milliseconds instead of at the next poll. Notifications are sent by
 * the transaction that queues or cancels ({@code pg_notify}), so they arrive after its commit.
 * On any connection trouble it reconnects; polling covers the gap.
 */
final class JobNotifications {

    private static final Logger LOG = Logger.getLogger(JobNotifications.class.getName());

    private final Database database;
    private final ManagedThreadFactory threads;
    private final Consumer<String> wake;
    private final Consumer<UUID> cancel;
    private volatile boolean stopping;
    private volatile Connection connection;
    private Thread thread;

    JobNotifications(Database database, ManagedThreadFactory threads, Consumer<String> wake, Consumer<UUID> cancel) {
        this.database = database;
        this.threads = threads;
        this.wake = wake;
        this.cancel = cancel;
    }

    void start() {
        thread = threads.newThread(this::listen);
        thread.setName("agentry-jobs-listener");
        thread.start();
    }

    void stop() {
        stopping = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing to stop
            }
        }
    }

    private void listen() {
        while (!stopping) {
            try (Connection c = database.unsharedDataSource().getConnection()) {
                connection = c;
                PGConnection pg = c.unwrap(PGConnection.class);
                try (Statement s = c.createStatement()) {
                    s.execute("listen " + JobStore.CHANNEL);
                }
                wake.accept(null); // whatever was queued while this server was not listening
                while (!stopping) {
                    PGNotification[] received = pg.getNotifications(1_000);
                    if (received == null) {
                        continue;
                    }
                    for (PGNotification n : received) {
                        String payload = n.getParameter();
                        if (payload != null && payload.startsWith("c:")) {
                            cancel.accept(UUID.fromString(payload.substring(2)));
                        } else {
                            // "w:<kind>": a job of that kind was queued ("w" alone: any kind)
                            wake.accept(payload != null && payload.startsWith("w:") ? payload.substring(2) : null);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.log(Level.FINE, "Job notifications interrupted; listening again shortly", e);
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            } finally {
                connection = null;
            }
        }
    }
}
