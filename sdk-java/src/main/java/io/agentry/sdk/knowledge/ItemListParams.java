package io.agentry.sdk.knowledge;

import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.ListParams;

/** Filters of {@code GET /api/v1/bases/{id}/items}. */
public final class ItemListParams extends ListParams {

    private ItemListParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ListParams.Builder<ItemListParams, Builder> {
        public Builder status(ItemStatus status) {
            return put("status", Json.wire(status));
        }

        @Override
        public ItemListParams build() {
            return new ItemListParams(this);
        }
    }
}
