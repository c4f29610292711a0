package io.agentry.sdk.conversations;

import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.ListParams;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Filters of {@code GET /api/v1/conversations}, all optional. */
public final class ConversationListParams extends ListParams {

    private ConversationListParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ListParams.Builder<ConversationListParams, Builder> {
        public Builder agentId(UUID agentId) {
            return put("agent_id", agentId.toString());
        }

        public Builder status(ConversationStatus status) {
            return put("status", Json.wire(status));
        }

        /** Conversations changed at or after this time. */
        public Builder updatedSince(OffsetDateTime since) {
            return put("updated_since", since.toString());
        }

        @Override
        public ConversationListParams build() {
            return new ConversationListParams(this);
        }
    }
}
