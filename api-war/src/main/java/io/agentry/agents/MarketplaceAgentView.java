package io.agentry.agents;

import io.agentry.http.ApiResult;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A published agent as every organization sees it: what is needed to judge and install it, and
 * nothing of the publisher's organization (not its id, not the knowledge bases it searches).
 */
@Schema(name = "MarketplaceAgent")
public record MarketplaceAgentView(
        @Schema UUID id,
        @Schema(example = "Code Reviewer") String name,
        @Schema(nullable = true) String description,
        @Schema(enumeration = {"openai", "anthropic", "ollama", "openai_compatible"}) String provider,
        @Schema String model,
        @Schema(nullable = true) String systemPrompt,
        @Schema(nullable = true) Double temperature,
        @Schema(nullable = true) Integer maxTokens,
        @Schema List<String> tools,
        @Schema List<String> tags,
        @Schema(description = "How many times it was installed") long installCount,
        @Schema OffsetDateTime createdAt,
        @Schema OffsetDateTime updatedAt) implements ApiResult {

    static MarketplaceAgentView of(AgentView a) {
        return new MarketplaceAgentView(a.id(), a.name(), a.description(), a.provider(), a.model(), a.systemPrompt(),
                a.temperature(), a.maxTokens(), a.tools(), a.tags(), a.installCount(), a.createdAt(), a.updatedAt());
    }
}
