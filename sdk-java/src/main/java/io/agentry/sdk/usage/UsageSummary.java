package io.agentry.sdk.usage;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** Usage in a range, in total and per group (largest cost first; by day oldest first). */
public record UsageSummary(String groupBy, OffsetDateTime from, OffsetDateTime to, Totals totals, List<Group> groups) {

    public record Totals(long requests, long promptTokens, long completionTokens, long totalTokens, BigDecimal estimatedCostUsd) {
    }

    /** {@code key}: the agent or token id, model, provider or day (YYYY-MM-DD); null for calls without one. */
    public record Group(String key, long requests, long promptTokens, long completionTokens, long totalTokens,
                        BigDecimal estimatedCostUsd) {
    }
}
