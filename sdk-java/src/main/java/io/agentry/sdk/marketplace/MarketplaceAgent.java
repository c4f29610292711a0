package io.agentry.sdk.marketplace;

import io.agentry.sdk.agents.AgentProvider;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A published agent as every organization sees it (nothing of the publisher's organization). */
public record MarketplaceAgent(
        UUID id,
        String name,
        String description,
        AgentProvider provider,
        String model,
        String systemPrompt,
        Double temperature,
        Integer maxTokens,
        List<String> tools,
        List<String> tags,
        long installCount,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
