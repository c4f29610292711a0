package io.agentry.webhooks;

import io.agentry.db.Times;
import io.agentry.http.ApiException;
import io.agentry.http.JsonInput;
import io.agentry.http.OutboundUrls;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.StoredJson;
import io.agentry.http.auth.Caller;
import io.agentry.jobs.JobQueue;
import io.agentry.jobs.NewJob;
import io.agentry.secrets.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Webhook subscriptions of an organization and their delivery logs. */
@ApplicationScoped
public class HookService {

    /** Subscriptions an organization may have: bounds the fan-out of each event. */
    static final int MAX_HOOKS = 100;
    static final Set<String> FIELDS = Set.of("target_url", "event", "description", "status");

    @Inject
    WebhookStore store;

    @Inject
    OutboundUrls outboundUrls;

    @Inject
    SecretBox secrets;

    @Inject
    JobQueue jobs;

    @Inject
    WebhookSettings settings;

    /** What a subscription is created with. */
    public record Subscribe(String targetUrl, String event, String description) {
    }

    /** What a PATCH changes (null: unchanged). */
    public record Change(String targetUrl, String event, String description, boolean clearDescription, String status) {
    }

    /** Reads a create body (the CrewForm seed's {target_url, event}, plus a description). */
    public static Subscribe subscribe(JsonInput input) {
        input.allowOnly(Set.of("target_url", "event", "description"));
        return new Subscribe(input.requiredText("target_url", 2_000), event(input.requiredText("event", 40)),
                input.text("description", 500));
    }

    public static Change change(JsonInput input) {
        input.allowOnly(FIELDS);
        input.rejectNull("target_url", "event", "status");
        String status = input.has("status") ? input.requiredText("status", 10) : null;
        if (status != null && !status.equals("active") && !status.equals("paused")) {
            throw ApiException.invalid("status", "must be active or paused");
        }
        return new Change(input.has("target_url") ? input.requiredText("target_url", 2_000) : null,
                input.has("event") ? event(input.requiredText("event", 40)) : null,
                input.text("description", 500), input.has("description") && input.raw("description") == jakarta.json.JsonValue.NULL,
                status);
    }

    private static String event(String name) {
        return WebhookEvents.canonical(name).orElseThrow(() -> ApiException.invalid("event", "must be one of "
                + String.join(", ", WebhookEvents.TYPES) + " (underscores work too, e.g. task_completed) or *"));
    }

    @Transactional
    public HookView create(Caller caller, Subscribe request) {
        String url = outboundUrls.check("target_url", request.targetUrl());
        if (store.countSubscriptions(caller.organizationId()) >= MAX_HOOKS) {
            throw ApiException.conflict("an organization has at most " + MAX_HOOKS + " webhook subscriptions; delete one first");
        }
        UUID id = UUID.randomUUID();
        String secret = WebhookSigner.newSecret();
        WebhookSubscription s = new WebhookSubscription(id, caller.organizationId(), url, request.event(), seal(id, secret),
                request.description(), caller.userId(), Times.now());
        store.insert(s);
        return view(s, secret);
    }

    public Page<HookView> list(Caller caller, PageRequest page, String status) {
        if (status != null && !Set.of("active", "paused", "disabled").contains(status)) {
            throw ApiException.invalid("status", "must be active, paused or disabled");
        }
        return page.page(store.subscriptions(caller.organizationId(), page, status), WebhookSubscription::getCreatedAt,
                WebhookSubscription::getId, s -> view(s, null));
    }

    public HookView get(Caller caller, UUID id) {
        return view(find(caller, id), null);
    }

    @Transactional
    public HookView update(Caller caller, UUID id, Change change) {
        WebhookSubscription s = find(caller, id);
        if (change.targetUrl() != null) {
            s.setTargetUrl(outboundUrls.check("target_url", change.targetUrl()));
        }
        if (change.event() != null) {
            s.setEvent(change.event());
        }
        if (change.description() != null || change.clearDescription()) {
            s.setDescription(change.description());
        }
        if (change.status() != null) {
            s.setStatus(change.status(), null, Times.now());
        }
        s.touch(Times.now());
        store.update(s);
        return view(s, null);
    }

    /** Pause (no messages are sent, events meanwhile are not kept) or resume (also after a 410 disabled it). */
    @Transactional
    public HookView setStatus(Caller caller, UUID id, String status) {
        WebhookSubscription s = find(caller, id);
        s.setStatus(status, null, Times.now());
        store.update(s);
        return view(s, null);
    }

    @Transactional
    public HookView rotateSecret(Caller caller, UUID id) {
        WebhookSubscription s = find(caller, id);
        String secret = WebhookSigner.newSecret();
        s.setSecret(seal(id, secret));
        s.touch(Times.now());
        store.update(s);
        return view(s, secret);
    }

    @Transactional
    public void delete(Caller caller, UUID id) {
        store.deleteSubscription(find(caller, id).getId()); // its deliveries and their attempts go with it
    }

    public Page<DeliveryView> deliveries(Caller caller, UUID hookId, PageRequest page, String status) {
        find(caller, hookId);
        if (status != null && !Set.of("pending", "delivered", "failed").contains(status)) {
            throw ApiException.invalid("status", "must be pending, delivered or failed");
        }
        List<WebhookDelivery> rows = store.deliveries(hookId, page, status);
        Map<UUID, List<DeliveryView.AttemptView>> attempts = attempts(rows.stream().map(WebhookDelivery::getId).toList());
        return page.page(rows, WebhookDelivery::getCreatedAt, WebhookDelivery::getId,
                d -> view(d, attempts.getOrDefault(d.getId(), List.of()), false));
    }

    public DeliveryView delivery(Caller caller, UUID hookId, UUID deliveryId) {
        WebhookDelivery d = findDelivery(caller, hookId, deliveryId);
        return view(d, attempts(List.of(d.getId())).getOrDefault(d.getId(), List.of()), true);
    }

    /** Sends a delivery again (same webhook-id, new attempts), whatever became of it. */
    @Transactional
    public DeliveryView redeliver(Caller caller, UUID hookId, UUID deliveryId) {
        WebhookSubscription s = find(caller, hookId);
        if (!s.getStatus().equals("active")) {
            throw ApiException.conflict("the subscription is " + s.getStatus() + "; resume it first");
        }
        WebhookDelivery d = findDelivery(caller, hookId, deliveryId);
        d.retryAt(Times.now());
        store.update(d);
        jobs.enqueue(NewJob.of(DeliveryHandler.KIND, d.getId(), d.getOrganizationId(), settings.schedule().size() + 1));
        return view(d, attempts(List.of(d.getId())).getOrDefault(d.getId(), List.of()), true);
    }

    private Map<UUID, List<DeliveryView.AttemptView>> attempts(List<UUID> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return Map.of();
        }
        return store.attempts(deliveryIds).stream()
                .collect(Collectors.groupingBy(WebhookAttempt::deliveryId, Collectors.mapping(a ->
                        new DeliveryView.AttemptView(a.attemptedAt(), a.statusCode(), a.durationMs(), a.error()),
                        Collectors.toList())));
    }

    private WebhookSubscription find(Caller caller, UUID id) {
        WebhookSubscription s = store.subscription(id);
        if (s == null || !s.getOrganizationId().equals(caller.organizationId())) {
            throw ApiException.notFound("webhook subscription not found");
        }
        return s;
    }

    private WebhookDelivery findDelivery(Caller caller, UUID hookId, UUID deliveryId) {
        find(caller, hookId);
        WebhookDelivery d = store.delivery(deliveryId);
        if (d == null || !hookId.equals(d.getSubscriptionId()) || !d.getOrganizationId().equals(caller.organizationId())) {
            throw ApiException.notFound("delivery not found for this subscription");
        }
        return d;
    }

    private String seal(UUID id, String secret) {
        try {
            return secrets.seal(secret, sealingContext(id));
        } catch (SecretBox.Unavailable e) {
            throw new ApiException(503, "secrets_not_configured", "webhook secrets cannot be stored: " + e.getMessage());
        }
    }

    static String sealingContext(UUID subscriptionId) {
        return "webhook-subscription:" + subscriptionId;
    }

    static HookView view(WebhookSubscription s, String secret) {
        return new HookView(s.getId(), s.getOrganizationId(), s.getTargetUrl(), s.getEvent(), s.getStatus(),
                s.getDisabledReason(), s.getDescription(), s.getCreatedAt(), s.getUpdatedAt(), secret);
    }

    private static DeliveryView view(WebhookDelivery d, List<DeliveryView.AttemptView> attempts, boolean withPayload) {
        return new DeliveryView(d.getId(), d.getSubscriptionId(), d.getEventType(), d.getMessageId(), d.getStatus(),
                d.getAttempts(), d.getLastStatusCode(), d.getLastError(), d.getNextAttemptAt(), d.getCreatedAt(),
                d.getDeliveredAt(), withPayload ? StoredJson.tree(d.getBody(), "{}") : null, attempts);
    }
}
