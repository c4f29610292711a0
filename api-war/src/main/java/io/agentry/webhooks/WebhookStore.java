package io.agentry.webhooks;

import io.agentry.db.AtomicWrites;
import io.agentry.db.Jdbc;
import io.agentry.http.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/** The SQL of webhook subscriptions, their deliveries (the outbox) and the attempts log. */
@ApplicationScoped
public class WebhookStore {

    private static final String SUBSCRIPTION = "id, organization_id, target_url, event, secret, status, disabled_reason, "
            + "description, created_by, created_at, updated_at";
    private static final String DELIVERY = "id, organization_id, subscription_id, target_url, event_type, message_id, body, "
            + "status, attempts, last_status_code, last_error, next_attempt_at, created_at, delivered_at";

    @Inject
    Jdbc jdbc;

    // ---------------------------------------------------------------- subscriptions

    void insert(WebhookSubscription s) {
        jdbc.update("insert into webhook_subscriptions (" + SUBSCRIPTION + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.getId(), s.getOrganizationId(), s.getTargetUrl(), s.getEvent(), s.getSecret(), s.getStatus(),
                s.getDisabledReason(), s.getDescription(), s.getCreatedBy(), s.getCreatedAt(), s.getUpdatedAt());
    }

    void update(WebhookSubscription s) {
        jdbc.update("update webhook_subscriptions set target_url = ?, event = ?, secret = ?, status = ?, disabled_reason = ?, "
                        + "description = ?, updated_at = ? where id = ?",
                s.getTargetUrl(), s.getEvent(), s.getSecret(), s.getStatus(), s.getDisabledReason(), s.getDescription(),
                s.getUpdatedAt(), s.getId());
    }

    WebhookSubscription subscription(UUID id) {
        return jdbc.one("select " + SUBSCRIPTION + " from webhook_subscriptions where id = ?", WebhookStore::subscription, id);
    }

    void deleteSubscription(UUID id) {
        jdbc.update("delete from webhook_subscriptions where id = ?", id);
    }

    long countSubscriptions(UUID organizationId) {
        return jdbc.count("select count(*) from webhook_subscriptions where organization_id = ?", organizationId);
    }

    List<WebhookSubscription> subscriptions(UUID organizationId, PageRequest page, String status) {
        return page("select " + SUBSCRIPTION + " from webhook_subscriptions where organization_id = ?", organizationId, status, page,
                WebhookStore::subscription);
    }

    /** The organization's active subscriptions to this event (or to every event). */
    List<WebhookSubscription> subscribers(UUID organizationId, String type) {
        return jdbc.list("select " + SUBSCRIPTION + " from webhook_subscriptions where organization_id = ? and status = 'active' "
                + "and (event = ? or event = '*')", WebhookStore::subscription, organizationId, type);
    }

    // ---------------------------------------------------------------- deliveries and attempts

    AtomicWrites insert(AtomicWrites writes, WebhookDelivery d) {
        return writes.add("insert into webhook_deliveries (" + DELIVERY + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                d.getId(), d.getOrganizationId(), d.getSubscriptionId(), d.getTargetUrl(), d.getEventType(), d.getMessageId(),
                d.getBody(), d.getStatus(), d.getAttempts(), d.getLastStatusCode(), d.getLastError(), d.getNextAttemptAt(),
                d.getCreatedAt(), d.getDeliveredAt());
    }

    void update(WebhookDelivery d) {
        jdbc.update("update webhook_deliveries set status = ?, attempts = ?, last_status_code = ?, last_error = ?, "
                        + "next_attempt_at = ?, delivered_at = ? where id = ?",
                d.getStatus(), d.getAttempts(), d.getLastStatusCode(), d.getLastError(), d.getNextAttemptAt(), d.getDeliveredAt(),
                d.getId());
    }

    WebhookDelivery delivery(UUID id) {
        return jdbc.one("select " + DELIVERY + " from webhook_deliveries where id = ?", WebhookStore::delivery, id);
    }

    List<WebhookDelivery> deliveries(UUID subscriptionId, PageRequest page, String status) {
        return page("select " + DELIVERY + " from webhook_deliveries where subscription_id = ?", subscriptionId, status, page,
                WebhookStore::delivery);
    }

    /** One page, newest first, of the rows {@code select} finds for {@code owner}, of one status if given. */
    private <T> List<T> page(String select, UUID owner, String status, PageRequest page, Jdbc.Row<T> row) {
        StringBuilder sql = new StringBuilder(select);
        List<Object> values = new ArrayList<>(List.of(owner));
        if (status != null) {
            sql.append(" and status = ?");
            values.add(status);
        }
        String keyset = page.keysetSql(values);
        if (keyset != null) {
            sql.append(" and ").append(keyset);
        }
        sql.append(" order by created_at desc, id desc fetch first ? rows only");
        values.add(page.limit() + 1);
        return jdbc.list(sql.toString(), row, values.toArray());
    }

    /** A delivery with what sending it needs of its subscription (null fields when it has none). */
    record Sendable(UUID subscriptionId, String url, String messageId, String body, String status, String subscriptionStatus,
                    String sealedSecret) {
    }

    Sendable sendable(UUID deliveryId) {
        return jdbc.one("select d.subscription_id, d.target_url, d.message_id, d.body, d.status, s.status, s.secret "
                        + "from webhook_deliveries d left join webhook_subscriptions s on s.id = d.subscription_id where d.id = ?",
                rs -> new Sendable(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7)), deliveryId);
    }

    /**
     * Adds to {@code writes}: the attempt logged (if there was one) and the delivery's new status,
     * next attempt and delivery time, with its attempt count and last answer.
     */
    AtomicWrites attempted(AtomicWrites writes, UUID deliveryId, WebhookDeliveries.Attempt attempt,
                                         String status, OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt) {
        if (attempt == null) {
            return writes.add("update webhook_deliveries set status = ?, next_attempt_at = ?, delivered_at = ? where id = ?",
                    status, nextAttemptAt, deliveredAt, deliveryId);
        }
        return writes.add("insert into webhook_attempts (id, delivery_id, attempted_at, status_code, duration_ms, error) "
                                + "values (?, ?, ?, ?, ?, ?)",
                        UUID.randomUUID(), deliveryId, attempt.at(), attempt.statusCode(), attempt.durationMs(), attempt.error())
                .add("update webhook_deliveries set status = ?, attempts = attempts + 1, last_status_code = ?, last_error = ?, "
                                + "next_attempt_at = ?, delivered_at = ? where id = ?",
                        status, attempt.statusCode(), attempt.error(), nextAttemptAt, deliveredAt, deliveryId);
    }

    AtomicWrites disable(AtomicWrites writes, UUID subscriptionId, String reason, OffsetDateTime now) {
        return writes.add("update webhook_subscriptions set status = 'disabled', disabled_reason = ?, updated_at = ? where id = ?",
                reason, now, subscriptionId);
    }

    /** The attempts of these deliveries, oldest first. */
    List<WebhookAttempt> attempts(List<UUID> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(deliveryIds.size(), "?"));
        return jdbc.list("select id, delivery_id, attempted_at, status_code, duration_ms, error from webhook_attempts "
                        + "where delivery_id in (" + marks + ") order by attempted_at",
                rs -> new WebhookAttempt(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, OffsetDateTime.class), (Integer) rs.getObject(4), rs.getInt(5), rs.getString(6)),
                deliveryIds.toArray());
    }

    private static WebhookSubscription subscription(ResultSet rs) throws SQLException {
        return new WebhookSubscription(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, UUID.class),
                rs.getObject(10, OffsetDateTime.class), rs.getObject(11, OffsetDateTime.class));
    }

    private static WebhookDelivery delivery(ResultSet rs) throws SQLException {
        return new WebhookDelivery(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9),
                (Integer) rs.getObject(10), rs.getString(11), rs.getObject(12, OffsetDateTime.class),
                rs.getObject(13, OffsetDateTime.class), rs.getObject(14, OffsetDateTime.class));
    }
}
