package io.agentry.sdk.knowledge;

import io.agentry.sdk.core.BodyParams;

/**
 * The body of {@code PATCH /api/v1/bases/{id}}. Changing the embedding model or the chunking
 * re-indexes every item of the base.
 */
public final class BaseUpdateParams extends BodyParams {

    private BaseUpdateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends BaseCreateParams.BaseFields<BaseUpdateParams, Builder> {
        @Override
        public BaseUpdateParams build() {
            return new BaseUpdateParams(this);
        }
    }
}
