package io.agentry.sdk.hooks;

import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.ListParams;
import io.agentry.sdk.core.Page;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.Resource;
import java.util.UUID;

/**
 * {@code /api/v1/hooks}: webhook subscriptions and their delivery logs. A receiver checks each
 * message with {@link io.agentry.sdk.webhooks.Webhooks#verify}; a 2xx answer delivers it, 410
 * disables the subscription, anything else is retried for about three days.
 */
public final class HookService extends Resource {

    private static final String PATH = "api/v1/hooks";

    public HookService(ApiClient api) {
        super(api);
    }

    /** Subscribes; the returned hook's {@code secret()} is the only copy of its signing secret. */
    public Hook create(HookCreateParams params) {
        return create(params, RequestOptions.NONE);
    }

    public Hook create(HookCreateParams params, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).json(params.body()), options, Hook.class);
    }

    public Hook retrieve(UUID id) {
        return retrieve(id, RequestOptions.NONE);
    }

    public Hook retrieve(UUID id, RequestOptions options) {
        return api.call(ApiRequest.get().path(PATH).segment(id), options, Hook.class);
    }

    public Hook update(UUID id, HookUpdateParams params) {
        return update(id, params, RequestOptions.NONE);
    }

    public Hook update(UUID id, HookUpdateParams params, RequestOptions options) {
        return api.call(ApiRequest.patch().path(PATH).segment(id).json(params.body()), options, Hook.class);
    }

    /** Unsubscribes; the delivery log goes with it. */
    public void delete(UUID id) {
        delete(id, RequestOptions.NONE);
    }

    public void delete(UUID id, RequestOptions options) {
        api.call(ApiRequest.delete().path(PATH).segment(id), options);
    }

    /** Newest first; {@link HookListParams} filters by status. */
    public Page<Hook> list() {
        return list(ListParams.NONE, RequestOptions.NONE);
    }

    public Page<Hook> list(ListParams params) {
        return list(params, RequestOptions.NONE);
    }

    public Page<Hook> list(ListParams params, RequestOptions options) {
        return list(() -> ApiRequest.get().path(PATH), params, options, Hook.class);
    }

    /** Stops sending; events while paused are not kept for later. */
    public Hook pause(UUID id) {
        return pause(id, RequestOptions.NONE);
    }

    public Hook pause(UUID id, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).segment(id).path("pause"), options, Hook.class);
    }

    /** Sends again, also after a 410 answer disabled the subscription. */
    public Hook resume(UUID id) {
        return resume(id, RequestOptions.NONE);
    }

    public Hook resume(UUID id, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).segment(id).path("resume"), options, Hook.class);
    }

    /**
     * Replaces the signing secret: the returned hook's {@code secret()} is the new one's only
     * copy, and it signs every attempt from now on, retries of earlier messages included.
     */
    public Hook rotateSecret(UUID id) {
        return rotateSecret(id, RequestOptions.NONE);
    }

    public Hook rotateSecret(UUID id, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).segment(id).path("rotate-secret"), options, Hook.class);
    }

    /** The delivery log, newest first, each delivery with its attempts (without its payload). */
    public Page<WebhookDelivery> deliveries(UUID hookId) {
        return deliveries(hookId, ListParams.NONE, RequestOptions.NONE);
    }

    /** {@link DeliveryListParams} filters by status. */
    public Page<WebhookDelivery> deliveries(UUID hookId, ListParams params) {
        return deliveries(hookId, params, RequestOptions.NONE);
    }

    public Page<WebhookDelivery> deliveries(UUID hookId, ListParams params, RequestOptions options) {
        return list(() -> ApiRequest.get().path(PATH).segment(hookId).path("deliveries"), params, options, WebhookDelivery.class);
    }

    /** One delivery with the message sent ({@code payload}). */
    public WebhookDelivery delivery(UUID hookId, UUID deliveryId) {
        return delivery(hookId, deliveryId, RequestOptions.NONE);
    }

    public WebhookDelivery delivery(UUID hookId, UUID deliveryId, RequestOptions options) {
        return api.call(ApiRequest.get().path(PATH).segment(hookId).path("deliveries").segment(deliveryId), options,
                WebhookDelivery.class);
    }

    /**
     * Sends a delivery again (202 Accepted): the same message and {@code webhook-id}, a new round
     * of attempts. The subscription must be active (else a 409 {@code ConflictException}).
     */
    public WebhookDelivery redeliver(UUID hookId, UUID deliveryId) {
        return redeliver(hookId, deliveryId, RequestOptions.NONE);
    }

    public WebhookDelivery redeliver(UUID hookId, UUID deliveryId, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).segment(hookId).path("deliveries").segment(deliveryId).path("redeliver"),
                options, WebhookDelivery.class);
    }
}
