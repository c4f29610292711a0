package io.agentry.http.idempotency;

import io.agentry.db.Database;
import io.agentry.db.Times;
import io.agentry.http.ApiException;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Idempotency keys in the database, so a retry reaching another instance is replayed too (keys
 * hashed, responses encrypted: see {@link StoredResponseCipher}). A key
 * is claimed by inserting it (the primary key makes the claim atomic across instances), then
 * completed with the response. Keys live 24 hours. A claim whose request never finished (its
 * instance died) is taken over after the lease, {@code agentry.idempotency.lease.seconds}
 * (default 300): until then a retry gets 409. The lease must outlast the slowest POST; an
 * instance that dies between committing and recording the response leaves the one window in
 * which a retry after the lease runs again.
 */
@ApplicationScoped
public class IdempotencyStore {

    private static final Logger LOG = Logger.getLogger(IdempotencyStore.class.getName());
    static final long RETENTION_HOURS = 24;

    @Inject
    Database database;

    @Inject
    io.agentry.secrets.SecretBox secrets;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "agentry.idempotency.lease.seconds", defaultValue = "300")
    long leaseSeconds;

    public sealed interface Claim permits Claimed, Replay {
    }

    /** This request owns the key and runs. */
    public record Claimed() implements Claim {
    }

    /** The key's first response, to be sent again. */
    public record Replay(int status, String contentType, String location, byte[] body) implements Claim {
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, 1, 10, TimeUnit.MINUTES);
    }

    public Claim claim(UUID organizationId, String idempotencyKey, String fingerprint) {
        String key = StoredResponseCipher.keyHash(organizationId, idempotencyKey);
        OffsetDateTime now = Times.now();
        try (Connection connection = database.unsharedDataSource().getConnection()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                if (insert(connection, organizationId, key, fingerprint, now)) {
                    return new Claimed();
                }
                try (PreparedStatement select = connection.prepareStatement(
                        "select fingerprint, state, response_status, content_type, location, response_body, created_at "
                                + "from idempotency_keys where organization_id = ? and idem_key = ?")) {
                    select.setObject(1, organizationId);
                    select.setString(2, key);
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            continue; // purged in between: claim again
                        }
                        OffsetDateTime created = row.getObject("created_at", OffsetDateTime.class);
                        boolean expired = created.isBefore(now.minusHours(RETENTION_HOURS));
                        boolean abandoned = "processing".equals(row.getString("state"))
                                && created.isBefore(now.minusSeconds(leaseSeconds));
                        if (expired || abandoned) {
                            delete(connection, organizationId, key, created);
                            continue;
                        }
                        if (!fingerprint.equals(row.getString("fingerprint").trim())) {
                            throw ApiException.unprocessable("idempotency_key_reused",
                                    "this Idempotency-Key was already used for a different request; use a new key");
                        }
                        if ("processing".equals(row.getString("state"))) {
                            throw ApiException.conflict("a request with this Idempotency-Key is still in progress");
                        }
                        byte[] sealed = row.getBytes("response_body");
                        return new Replay(row.getInt("response_status"), row.getString("content_type"),
                                row.getString("location"),
                                sealed == null ? null : StoredResponseCipher.decrypt(serverKeys(), organizationId, idempotencyKey, sealed));
                    }
                }
            }
            throw ApiException.conflict("a request with this Idempotency-Key is still in progress");
        } catch (SQLException e) {
            throw ApiException.databaseUnavailable();
        }
    }

    private static boolean insert(Connection connection, UUID organizationId, String key, String fingerprint,
                                  OffsetDateTime now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into idempotency_keys (organization_id, idem_key, fingerprint, state, created_at) "
                        + "values (?, ?, ?, 'processing', ?)")) {
            insert.setObject(1, organizationId);
            insert.setString(2, key);
            insert.setString(3, fingerprint);
            insert.setObject(4, now);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState()) || e instanceof java.sql.SQLIntegrityConstraintViolationException) {
                return false;
            }
            throw e;
        }
    }

    private static void delete(Connection connection, UUID organizationId, String key, OffsetDateTime created)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from idempotency_keys where organization_id = ? and idem_key = ? and created_at = ?")) {
            delete.setObject(1, organizationId);
            delete.setString(2, key);
            delete.setObject(3, created);
            delete.executeUpdate();
        }
    }

    public void complete(UUID organizationId, String idempotencyKey, int status, String contentType, String location,
                         byte[] body) {
        String key = StoredResponseCipher.keyHash(organizationId, idempotencyKey);
        byte[] sealed = body == null || body.length == 0 ? null
                : StoredResponseCipher.encrypt(serverKeys(), organizationId, idempotencyKey, body);
        try (Connection connection = database.unsharedDataSource().getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "update idempotency_keys set state = 'done', response_status = ?, content_type = ?, location = ?, "
                             + "response_body = ? where organization_id = ? and idem_key = ?")) {
            update.setInt(1, status);
            update.setString(2, contentType);
            update.setString(3, location);
            update.setBytes(4, sealed);
            update.setObject(5, organizationId);
            update.setString(6, key);
            update.executeUpdate();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Could not store the response of an idempotent request", e);
        }
    }

    /** Forgets a claim whose request failed on the server side, so the client's retry can run. */
    public void release(UUID organizationId, String idempotencyKey) {
        String key = StoredResponseCipher.keyHash(organizationId, idempotencyKey);
        try (Connection connection = database.unsharedDataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "delete from idempotency_keys where organization_id = ? and idem_key = ? and state = 'processing'")) {
            delete.setObject(1, organizationId);
            delete.setString(2, key);
            delete.executeUpdate();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Could not release an idempotency key", e);
        }
    }

    private void purgeQuietly() {
        try (Connection connection = database.unsharedDataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement("delete from idempotency_keys where created_at < ?")) {
            delete.setObject(1, Times.now().minusHours(RETENTION_HOURS));
            delete.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not purge expired idempotency keys", e);
        }
    }

    /** Keys derived from the server's secrets key for stored responses (none without one). */
    private java.util.List<byte[]> serverKeys() {
        try {
            return secrets.derivedKeys("agentry/idempotency");
        } catch (io.agentry.secrets.SecretBox.Unavailable malformed) {
            return java.util.List.of(); // a malformed key fails where secrets are stored; responses fall back
        }
    }
}
