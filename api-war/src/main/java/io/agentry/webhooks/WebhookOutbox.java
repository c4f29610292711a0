package io.agentry.webhooks;

import io.agentry.db.AtomicWrites;
import io.agentry.db.Database;
import io.agentry.db.Times;
import io.agentry.http.JacksonWriter;
import io.agentry.jobs.JobQueue;
import io.agentry.jobs.NewJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Announces events: in the transaction of the change they announce, one delivery row per active
 * subscription to the event (or to {@code *}) and a job to send it, so an event is sent exactly
 * when the change commits and survives any crash after. Bodies follow the Standard Webhooks
 * shape {@code {type, timestamp, data}}.
 */
@ApplicationScoped
public class WebhookOutbox {

    @Inject
    WebhookStore store;

    @Inject
    JobQueue jobs;

    @Inject
    WebhookSettings settings;

    @Inject
    Database database;

    /** Queues the event for every subscriber of the organization; returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int publish(UUID organizationId, String type, Object data) {
        List<WebhookSubscription> subscribers = store.subscribers(organizationId, type);
        if (subscribers.isEmpty()) {
            return 0;
        }
        OffsetDateTime now = Times.now();
        String body = body(type, now, data);
        AtomicWrites writes = new AtomicWrites();
        for (WebhookSubscription s : subscribers) {
            add(writes, new WebhookDelivery(UUID.randomUUID(), organizationId, s.getId(), s.getTargetUrl(), type, messageId(), body, now));
        }
        queue(writes);
        return subscribers.size();
    }

    /** Queues one message to a caller's own URL (a chat's webhook_url), signed with the server's secret. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void sendTo(UUID organizationId, String url, String type, Object data) {
        OffsetDateTime now = Times.now();
        queue(add(new AtomicWrites(), new WebhookDelivery(UUID.randomUUID(), organizationId, null, url, type, messageId(),
                body(type, now, data), now)));
    }

    /** The delivery row and the job that sends it, added to writes that commit with the change announced. */
    private AtomicWrites add(AtomicWrites writes, WebhookDelivery delivery) {
        store.insert(writes, delivery);
        return jobs.addTo(writes, NewJob.of(DeliveryHandler.KIND, delivery.getId(), delivery.getOrganizationId(),
                settings.schedule().size() + 1));
    }

    /** Every delivery of the event in one round trip (PostgreSQL), in the caller's transaction. */
    private void queue(AtomicWrites writes) {
        try {
            writes.executeInTransaction(database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot queue webhook deliveries: " + e.getMessage(), e);
        }
        jobs.announceInTransaction(DeliveryHandler.KIND);
    }

    static String messageId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String body(String type, OffsetDateTime now, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", now.toString());
        body.put("data", data);
        try {
            return JacksonWriter.MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a " + type + " event", e);
        }
    }
}
