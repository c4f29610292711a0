package io.agentry.sdk.hooks;

import io.agentry.sdk.core.BodyParams;
import io.agentry.sdk.core.Json;

/** The body of {@code PATCH /api/v1/hooks/{id}}: only the fields set change. */
public final class HookUpdateParams extends BodyParams {

    private HookUpdateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends HookCreateParams.HookFields<HookUpdateParams, Builder> {
        /** ACTIVE or PAUSED, as {@code resume} and {@code pause} do ({@code DISABLED} is the server's to set). */
        public Builder status(HookStatus status) {
            if (status != HookStatus.ACTIVE && status != HookStatus.PAUSED) {
                throw new IllegalArgumentException("a subscription can be set ACTIVE or PAUSED");
            }
            return put("status", Json.wire(status));
        }

        @Override
        public HookUpdateParams build() {
            return new HookUpdateParams(this);
        }
    }
}
