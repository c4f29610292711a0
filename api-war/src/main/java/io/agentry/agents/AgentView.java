package io.agentry.agents;

import io.agentry.http.ApiResult;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.http.RenderCache;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Agent")
public record AgentView(
        @Schema UUID id,
        @Schema UUID organizationId,
        @Schema(description = "Same as organization_id (CrewForm's name for it)") UUID workspaceId,
        @Schema(example = "Code Reviewer") String name,
        @Schema(nullable = true, example = "Reviews code for bugs and best practices") String description,
        @Schema(enumeration = {"openai", "anthropic", "ollama", "openai_compatible"}, example = "anthropic") String provider,
        @Schema(example = "claude-sonnet-4-20250514") String model,
        @Schema(nullable = true, example = "You are a senior code reviewer...") String systemPrompt,
        @Schema(nullable = true, example = "0.3") Double temperature,
        @Schema(nullable = true, example = "4096") Integer maxTokens,
        @Schema(description = "Built-in tools the agent may call") List<String> tools,
        @Schema(example = "[\"code\", \"review\"]") List<String> tags,
        @Schema(description = "Knowledge bases the agent searches") List<UUID> knowledgeBaseIds,
        @Schema(enumeration = {"idle", "busy", "offline"}) String status,
        // Named so no JavaBean "isX" accessor invents a second property called "marketplace".
        @JsonProperty("is_marketplace") @Schema(name = "is_marketplace", description = "Listed in the marketplace") boolean marketplace,
        @Schema long installCount,
        @Schema OffsetDateTime createdAt,
        @Schema OffsetDateTime updatedAt,
        @JsonIgnore @Schema(hidden = true) long version) implements ApiResult, RenderCache.Cacheable {

    @Override
    public Object renderKey() {
        return new RenderKey(id, version);
    }

    private record RenderKey(UUID id, long version) {
    }
}
