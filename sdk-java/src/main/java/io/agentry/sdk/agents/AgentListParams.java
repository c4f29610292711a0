package io.agentry.sdk.agents;

import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.ListParams;

/** Filters of {@code GET /api/v1/agents}, all optional and combined with AND. */
public final class AgentListParams extends ListParams {

    private AgentListParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ListParams.Builder<AgentListParams, Builder> {
        public Builder status(AgentStatus status) {
            return put("status", Json.wire(status));
        }

        /** Agents carrying this exact tag. */
        public Builder tag(String tag) {
            return put("tag", tag);
        }

        public Builder provider(AgentProvider provider) {
            return put("provider", Json.wire(provider));
        }

        public Builder marketplace(boolean marketplace) {
            return put("is_marketplace", Boolean.toString(marketplace));
        }

        @Override
        public AgentListParams build() {
            return new AgentListParams(this);
        }
    }
}
