package io.agentry.sdk.conversations;

import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.BodyParams;
import java.util.Map;

/** {@code PATCH /api/v1/conversations/{id}}: only what is set changes. */
public final class ConversationUpdateParams extends BodyParams {

    private ConversationUpdateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends BodyParams.Builder<ConversationUpdateParams, Builder> {
        /** Null clears the title. */
        public Builder title(String title) {
            return put("title", title);
        }

        /** Archived conversations take no new messages until reopened. */
        public Builder status(ConversationStatus status) {
            return put("status", Json.wire(status));
        }

        /** Replaces the metadata object. */
        public Builder metadata(Map<String, ?> metadata) {
            return put("metadata", metadata);
        }

        @Override
        public ConversationUpdateParams build() {
            return new ConversationUpdateParams(this);
        }
    }
}
