package io.agentry.webhooks;

import io.agentry.db.AtomicWrites;
import io.agentry.db.Database;
import io.agentry.db.Times;
import io.agentry.secrets.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delivery rows' reads and writes for {@link DeliveryHandler}, in as few round trips as the
 * database allows: one read before an attempt, one write after it (the attempt logged and the
 * delivery updated together): on its own for a success, in the job's final transaction otherwise.
 */
@ApplicationScoped
public class WebhookDeliveries {

    /** Opened subscription keys by sealed secret (a rotation seals a new one): bounded, cleared past this. */
    private static final int MAX_KEYS = 10_000;

    @Inject
    WebhookStore store;

    @Inject
    SecretBox secrets;

    @Inject
    WebhookSettings settings;

    @Inject
    Database database;

    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

    /** What an attempt sends, and with which key it signs. */
    public record Target(UUID deliveryId, UUID subscriptionId, String url, String messageId, String body, byte[] key) {
    }

    /** What an attempt saw. */
    public record Attempt(OffsetDateTime at, Integer statusCode, int durationMs, String error) {
    }

    /**
     * The delivery to send now, or null when there is nothing to send (delivered, failed, gone,
     * its subscription no longer active) or nothing to sign with; a delivery that cannot be sent
     * is marked failed with the reason.
     */
    public Target target(UUID deliveryId) {
        WebhookStore.Sendable d = store.sendable(deliveryId);
        if (d == null || !d.status().equals("pending")) {
            return null;
        }
        byte[] key;
        if (d.subscriptionId() == null) {
            String secret = settings.serverSecret().orElse(null);
            if (secret == null) {
                return unsendable(deliveryId, "the server has no webhook signing secret (AGENTRY_WEBHOOKS_SECRET)");
            }
            key = WebhookSigner.key(secret);
        } else {
            if (!"active".equals(d.subscriptionStatus())) {
                return unsendable(deliveryId, "the subscription is " + (d.subscriptionStatus() == null ? "deleted" : d.subscriptionStatus()));
            }
            key = keys.get(d.sealedSecret());
            if (key == null) {
                try {
                    key = WebhookSigner.key(secrets.open(d.sealedSecret(), HookService.sealingContext(d.subscriptionId())));
                } catch (SecretBox.Unavailable e) {
                    return unsendable(deliveryId, "the subscription's secret cannot be opened: " + e.getMessage());
                }
                if (keys.size() >= MAX_KEYS) {
                    keys.clear();
                }
                keys.put(d.sealedSecret(), key);
            }
        }
        return new Target(deliveryId, d.subscriptionId(), d.url(), d.messageId(), d.body(), key);
    }

    private Target unsendable(UUID deliveryId, String reason) {
        write(store.attempted(new AtomicWrites(), deliveryId, new Attempt(Times.now(), null, 0, reason), "failed", null, null),
                false);
        return null;
    }

    /** Logged and marked in one statement of its own, outside the job's final transaction. */
    public void delivered(UUID deliveryId, Attempt attempt) {
        write(store.attempted(new AtomicWrites(), deliveryId, attempt, "delivered", null, attempt.at()), false);
    }

    /** 410 Gone: the receiver wants no more; the subscription is disabled. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void gone(UUID deliveryId, UUID subscriptionId, Attempt attempt) {
        AtomicWrites writes = store.attempted(new AtomicWrites(), deliveryId, attempt, "failed", null, null);
        if (subscriptionId != null) {
            store.disable(writes, subscriptionId, "the receiver answered 410 Gone on " + attempt.at(), Times.now());
        }
        write(writes, true);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void willRetry(UUID deliveryId, Attempt attempt, long delayMillis) {
        write(store.attempted(new AtomicWrites(), deliveryId, attempt, "pending", Times.now().plusNanos(delayMillis * 1_000_000), null),
                true);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void failed(UUID deliveryId, Attempt attempt) {
        write(store.attempted(new AtomicWrites(), deliveryId, attempt, "failed", null, null), true);
    }

    private void write(AtomicWrites writes, boolean inTransaction) {
        try {
            if (inTransaction) {
                writes.executeInTransaction(database);
            } else {
                writes.execute(database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a webhook delivery: " + e.getMessage(), e);
        }
    }
}
