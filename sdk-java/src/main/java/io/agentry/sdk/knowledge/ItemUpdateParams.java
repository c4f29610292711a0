package io.agentry.sdk.knowledge;

import io.agentry.sdk.core.BodyParams;
import java.util.Map;

/**
 * The body of {@code PATCH /api/v1/bases/{id}/items/{itemId}}. Every update re-indexes the item.
 * Content fields must match the item's kind (a file's content cannot be patched: upload it again).
 */
public final class ItemUpdateParams extends BodyParams {

    private ItemUpdateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends BodyParams.Builder<ItemUpdateParams, Builder> {
        public Builder title(String title) {
            return put("title", title);
        }

        /** Text items. */
        public Builder content(String content) {
            return put("content", content);
        }

        /** FAQ items. */
        public Builder question(String question) {
            return put("question", question);
        }

        /** FAQ items. */
        public Builder answer(String answer) {
            return put("answer", answer);
        }

        /** Replaces the whole metadata object. */
        public Builder metadata(Map<String, ?> metadata) {
            return put("metadata", metadata);
        }

        /** Null clears it. */
        public Builder source(String source) {
            return put("source", source);
        }

        @Override
        public ItemUpdateParams build() {
            return new ItemUpdateParams(this);
        }
    }
}
