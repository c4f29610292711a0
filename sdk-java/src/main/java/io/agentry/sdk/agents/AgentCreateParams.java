package io.agentry.sdk.agents;

import io.agentry.sdk.core.BodyParams;
import java.util.List;
import java.util.UUID;

/** The body of {@code POST /api/v1/agents}. Only {@code name} is required. */
public final class AgentCreateParams extends BodyParams {

    private AgentCreateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends AgentFields<AgentCreateParams, Builder> {
        @Override
        public AgentCreateParams build() {
            if (!has("name")) {
                throw new IllegalStateException("name is required");
            }
            return new AgentCreateParams(this);
        }
    }

    /** The fields create and update share. */
    abstract static class AgentFields<P, B extends AgentFields<P, B>> extends BodyParams.Builder<P, B> {
        public B name(String name) {
            return put("name", name);
        }

        public B description(String description) {
            return put("description", description);
        }

        /** Left out, the server infers it from the model's name. */
        public B provider(AgentProvider provider) {
            return put("provider", provider);
        }

        /** Left out on create, the server's default model. */
        public B model(String model) {
            return put("model", model);
        }

        public B systemPrompt(String systemPrompt) {
            return put("system_prompt", systemPrompt);
        }

        /** 0 to 2. */
        public B temperature(Double temperature) {
            return put("temperature", temperature);
        }

        public B maxTokens(Integer maxTokens) {
            return put("max_tokens", maxTokens);
        }

        public B tools(List<String> tools) {
            return put("tools", List.copyOf(tools));
        }

        public B tags(List<String> tags) {
            return put("tags", List.copyOf(tags));
        }

        public B knowledgeBaseIds(List<UUID> knowledgeBaseIds) {
            return put("knowledge_base_ids", List.copyOf(knowledgeBaseIds));
        }

        public B status(AgentStatus status) {
            return put("status", status);
        }

        public B marketplace(boolean marketplace) {
            return put("is_marketplace", marketplace);
        }
    }
}
