package io.agentry.webhooks;

import io.agentry.db.Times;
import io.agentry.secrets.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The delivery rows' reads and writes for {@link DeliveryHandler}. */
@ApplicationScoped
public class WebhookDeliveries {

    @Inject
    WebhookStore store;

    @Inject
    SecretBox secrets;

    @Inject
    WebhookSettings settings;

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
    @Transactional
    public Target target(UUID deliveryId) {
        WebhookDelivery d = store.delivery(deliveryId);
        if (d == null || !d.getStatus().equals("pending")) {
            return null;
        }
        String secret;
        if (d.getSubscriptionId() == null) {
            secret = settings.serverSecret().orElse(null);
            if (secret == null) {
                return unsendable(d, "the server has no webhook signing secret (AGENTRY_WEBHOOKS_SECRET)");
            }
        } else {
            WebhookSubscription s = store.subscription(d.getSubscriptionId());
            if (s == null || !s.getStatus().equals("active")) {
                return unsendable(d, "the subscription is " + (s == null ? "deleted" : s.getStatus()));
            }
            try {
                secret = secrets.open(s.getSecret(), HookService.sealingContext(s.getId()));
            } catch (SecretBox.Unavailable e) {
                return unsendable(d, "the subscription's secret cannot be opened: " + e.getMessage());
            }
        }
        return new Target(d.getId(), d.getSubscriptionId(), d.getTargetUrl(), d.getMessageId(), d.getBody(),
                WebhookSigner.key(secret));
    }

    private Target unsendable(WebhookDelivery d, String reason) {
        d.attempted(null, reason);
        d.failed();
        store.update(d);
        return null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void delivered(UUID deliveryId, Attempt attempt) {
        WebhookDelivery d = log(deliveryId, attempt);
        if (d != null) {
            d.delivered(attempt.at());
            store.update(d);
        }
    }

    /** 410 Gone: the receiver wants no more; the subscription is disabled. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void gone(UUID deliveryId, Attempt attempt) {
        WebhookDelivery d = log(deliveryId, attempt);
        if (d == null) {
            return;
        }
        d.failed();
        store.update(d);
        if (d.getSubscriptionId() != null) {
            WebhookSubscription s = store.subscription(d.getSubscriptionId());
            if (s != null) {
                s.setStatus("disabled", "the receiver answered 410 Gone on " + attempt.at(), Times.now());
                store.update(s);
            }
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void willRetry(UUID deliveryId, Attempt attempt, long delayMillis) {
        WebhookDelivery d = attempt == null ? store.delivery(deliveryId) : log(deliveryId, attempt);
        if (d != null) {
            d.retryAt(Times.now().plusNanos(delayMillis * 1_000_000));
            store.update(d);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void failed(UUID deliveryId, Attempt attempt) {
        WebhookDelivery d = attempt == null ? store.delivery(deliveryId) : log(deliveryId, attempt);
        if (d != null) {
            d.failed();
            store.update(d);
        }
    }

    private WebhookDelivery log(UUID deliveryId, Attempt attempt) {
        WebhookDelivery d = store.delivery(deliveryId);
        if (d == null) {
            return null;
        }
        d.attempted(attempt.statusCode(), attempt.error());
        store.insert(new WebhookAttempt(UUID.randomUUID(), deliveryId, attempt.at(), attempt.statusCode(), attempt.durationMs(),
                attempt.error()));
        return d;
    }
}
