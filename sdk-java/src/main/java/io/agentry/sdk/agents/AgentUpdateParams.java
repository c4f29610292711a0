package io.agentry.sdk.agents;

import io.agentry.sdk.core.BodyParams;

/**
 * The body of {@code PATCH /api/v1/agents/{id}}: only the fields set are changed; setting
 * {@code description}, {@code systemPrompt}, {@code temperature} or {@code maxTokens} to null
 * clears them.
 */
public final class AgentUpdateParams extends BodyParams {

    private AgentUpdateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends AgentCreateParams.AgentFields<AgentUpdateParams, Builder> {
        @Override
        public AgentUpdateParams build() {
            return new AgentUpdateParams(this);
        }
    }
}
