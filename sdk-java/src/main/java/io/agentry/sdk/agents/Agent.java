package io.agentry.sdk.agents;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** An agent: a model, its instructions and the tools and knowledge it may use. */
public record Agent(
        UUID id,
        UUID organizationId,
        String name,
        String description,
        AgentProvider provider,
        String model,
        String systemPrompt,
        Double temperature,
        Integer maxTokens,
        List<String> tools,
        List<String> tags,
        List<UUID> knowledgeBaseIds,
        AgentStatus status,
        @JsonProperty("is_marketplace") boolean marketplace,
        long installCount,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
