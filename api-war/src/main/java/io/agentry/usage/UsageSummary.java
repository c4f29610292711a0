package io.agentry.usage;

import io.agentry.http.ApiResult;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "UsageSummary", description = "Usage in a time range, in total and per group")
public record UsageSummary(
        @Schema(enumeration = {"agent", "model", "provider", "token", "day"}) String groupBy,
        @Schema(nullable = true) OffsetDateTime from,
        @Schema(nullable = true) OffsetDateTime to,
        @Schema Totals totals,
        @Schema(description = "Largest cost first (day: oldest first)") List<Group> groups) implements ApiResult {

    @Schema(name = "UsageTotals")
    public record Totals(long requests, long promptTokens, long completionTokens, long totalTokens, BigDecimal estimatedCostUsd) {
    }

    @Schema(name = "UsageGroup")
    public record Group(
            @Schema(nullable = true, description = "Agent, token id, model, provider or day (YYYY-MM-DD); null for calls without one")
            String key,
            long requests, long promptTokens, long completionTokens, long totalTokens, BigDecimal estimatedCostUsd) {
    }
}
