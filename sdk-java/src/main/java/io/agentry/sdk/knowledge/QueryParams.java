package io.agentry.sdk.knowledge;

import io.agentry.sdk.core.BodyParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/bases/{id}/query}:
 * {@code QueryParams.of("refund policy").mode(SearchMode.SEMANTIC).limit(3).whereIn("lang", "en", "de").build()}.
 */
public final class QueryParams extends BodyParams {

    private QueryParams(Builder b) {
        super(b);
    }

    public static Builder of(String query) {
        return new Builder().field("query", query);
    }

    public static final class Builder extends BodyParams.Builder<QueryParams, Builder> {
        private final Map<String, Object> filter = new LinkedHashMap<>();

        private Builder() {
        }

        private Builder field(String name, Object value) {
            return put(name, value);
        }

        /** 1 to 50 chunks (default 5). */
        public Builder limit(int limit) {
            return put("limit", limit);
        }

        /** Default HYBRID. */
        public Builder mode(SearchMode mode) {
            return put("mode", mode);
        }

        /** Drops results scoring below this. */
        public Builder minScore(double minScore) {
            return put("min_score", minScore);
        }

        /** Exact nearest neighbours instead of the vector index (slower; semantic and hybrid). */
        public Builder exact(boolean exact) {
            return put("exact", exact);
        }

        /** Items whose metadata {@code key} equals {@code value} (or is an array containing it). */
        public Builder where(String key, Object value) {
            filter.put(key, Map.of("eq", value));
            return this;
        }

        /** Items whose metadata {@code key} equals one of {@code values}. */
        public Builder whereIn(String key, Object... values) {
            filter.put(key, Map.of("in", List.of(values)));
            return this;
        }

        @Override
        public QueryParams build() {
            if (!filter.isEmpty()) {
                put("filter", Map.copyOf(filter));
            }
            return new QueryParams(this);
        }
    }
}
