package io.agentry.sdk.hooks;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code PENDING}: not yet answered with a 2xx, attempts go on (see
 * {@link WebhookDelivery#nextAttemptAt()}). {@code DELIVERED}: a 2xx answered. {@code FAILED}:
 * the attempts ran out (about three days) or the receiver answered 410.
 */
public enum DeliveryStatus {
    @JsonProperty("pending") PENDING,
    @JsonProperty("delivered") DELIVERED,
    @JsonProperty("failed") FAILED,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
