package io.agentry.usage;

import io.agentry.http.ApiResult;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "UsageRecord", description = "One model call")
public record UsageRecordView(
        @Schema UUID id,
        @Schema UUID organizationId,
        @Schema(nullable = true, description = "The API token that made the call (null for JWT sessions)") UUID tokenId,
        @Schema(nullable = true) UUID agentId,
        @Schema(nullable = true) UUID conversationId,
        @Schema(nullable = true, description = "The assistant message the call produced") UUID messageId,
        @Schema(nullable = true) UUID taskId,
        @Schema(nullable = true, description = "The team run the call was made for") UUID teamRunId,
        @Schema(example = "openai") String provider,
        @Schema(example = "gpt-4o-mini") String model,
        @Schema int promptTokens,
        @Schema int completionTokens,
        @Schema int totalTokens,
        @Schema(description = "From the server's price table (USD)", example = "0.00012") BigDecimal estimatedCostUsd,
        @Schema(enumeration = {"per-token", "subscription-quota"}) String billingModel,
        @Schema OffsetDateTime createdAt) implements ApiResult {
}
