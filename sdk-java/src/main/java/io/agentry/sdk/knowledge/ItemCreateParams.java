package io.agentry.sdk.knowledge;

import io.agentry.sdk.core.BodyParams;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/bases/{id}/items} for a text or FAQ item. Files are uploaded
 * with {@link ItemService#upload(FileUpload)}.
 */
public final class ItemCreateParams extends BodyParams {

    private ItemCreateParams(Builder b) {
        super(b);
    }

    /** A text item. */
    public static Builder text(String content) {
        return new Builder().field("kind", ItemKind.TEXT).field("content", content);
    }

    /** A question with its answer. */
    public static Builder faq(String question, String answer) {
        return new Builder().field("kind", ItemKind.FAQ).field("question", question).field("answer", answer);
    }

    public static final class Builder extends BodyParams.Builder<ItemCreateParams, Builder> {
        private Builder() {
        }

        private Builder field(String name, Object value) {
            return put(name, value);
        }

        /** Left out: the first line of the content or question. */
        public Builder title(String title) {
            return put("title", title);
        }

        /** Any JSON object; queries filter on its top-level keys. */
        public Builder metadata(Map<String, ?> metadata) {
            return put("metadata", metadata);
        }

        /** Where the content came from (a URL, a document name...). */
        public Builder source(String source) {
            return put("source", source);
        }

        @Override
        public ItemCreateParams build() {
            return new ItemCreateParams(this);
        }
    }
}
