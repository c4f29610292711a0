package io.agentry.webhooks;

import io.agentry.db.Times;
import io.agentry.http.JacksonWriter;
import io.agentry.jobs.JobQueue;
import io.agentry.jobs.NewJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
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

    /** Queues the event for every subscriber of the organization; returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int publish(UUID organizationId, String type, Object data) {
        List<WebhookSubscription> subscribers = store.subscribers(organizationId, type);
        if (subscribers.isEmpty()) {
            return 0;
        }
        OffsetDateTime now = Times.now();
        String body = body(type, now, data);
        for (WebhookSubscription s : subscribers) {
            queue(new WebhookDelivery(UUID.randomUUID(), organizationId, s.getId(), s.getTargetUrl(), type, messageId(), body, now));
        }
        return subscribers.size();
    }

    /** Queues one message to a caller's own URL (a chat's webhook_url), signed with the server's secret. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void sendTo(UUID organizationId, String url, String type, Object data) {
        OffsetDateTime now = Times.now();
        queue(new WebhookDelivery(UUID.randomUUID(), organizationId, null, url, type, messageId(), body(type, now, data), now));
    }

    private void queue(WebhookDelivery delivery) {
        store.insert(delivery);
        jobs.enqueue(NewJob.of(DeliveryHandler.KIND, delivery.getId(), delivery.getOrganizationId(),
                settings.schedule().size() + 1));
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
