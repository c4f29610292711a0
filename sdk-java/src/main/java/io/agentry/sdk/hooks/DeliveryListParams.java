package io.agentry.sdk.hooks;

import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.ListParams;

/** Filters of {@code GET /api/v1/hooks/{id}/deliveries}; newest first. */
public final class DeliveryListParams extends ListParams {

    private DeliveryListParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ListParams.Builder<DeliveryListParams, Builder> {
        /** Null removes the filter. */
        public Builder status(DeliveryStatus status) {
            if (status == DeliveryStatus.UNKNOWN) {
                throw new IllegalArgumentException("UNKNOWN is not a status to filter by");
            }
            return put("status", Json.wire(status));
        }

        @Override
        public DeliveryListParams build() {
            return new DeliveryListParams(this);
        }
    }
}
