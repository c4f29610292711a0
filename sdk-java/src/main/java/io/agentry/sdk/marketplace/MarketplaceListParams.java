package io.agentry.sdk.marketplace;

import io.agentry.sdk.core.ListParams;

/** Filters of {@code GET /api/v1/marketplace}. */
public final class MarketplaceListParams extends ListParams {

    private MarketplaceListParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ListParams.Builder<MarketplaceListParams, Builder> {
        /** Agents carrying this exact tag. */
        public Builder tag(String tag) {
            return put("tag", tag);
        }

        @Override
        public MarketplaceListParams build() {
            return new MarketplaceListParams(this);
        }
    }
}
