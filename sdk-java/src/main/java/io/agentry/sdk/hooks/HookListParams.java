package io.agentry.sdk.hooks;

import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.ListParams;

/** Filters of {@code GET /api/v1/hooks}; newest first. */
public final class HookListParams extends ListParams {

    private HookListParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ListParams.Builder<HookListParams, Builder> {
        /** Null removes the filter. */
        public Builder status(HookStatus status) {
            if (status == HookStatus.UNKNOWN) {
                throw new IllegalArgumentException("UNKNOWN is not a status to filter by");
            }
            return put("status", Json.wire(status));
        }

        @Override
        public HookListParams build() {
            return new HookListParams(this);
        }
    }
}
