package io.agentry.sdk.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Query parameters of a list call: {@code limit} and {@code cursor}, plus a resource's filters. */
public class ListParams {

    public static final ListParams NONE = paging().build();

    private final Map<String, String> query;

    protected ListParams(Builder<?, ?> builder) {
        this.query = Collections.unmodifiableMap(new LinkedHashMap<>(builder.query));
    }

    /** Just {@code limit} and {@code cursor}, for lists without filters. */
    public static Builder<ListParams, ?> paging() {
        return new Plain();
    }

    public Map<String, String> query() {
        return query;
    }

    /** The same parameters, from the page that {@code cursor} names. */
    public Map<String, String> queryAfter(String cursor) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put("cursor", cursor);
        return q;
    }

    /**
     * @param <P> the params type built
     * @param <B> the concrete builder, for chaining
     */
    public abstract static class Builder<P, B extends Builder<P, B>> {

        private final Map<String, String> query = new LinkedHashMap<>();

        /** Page size, 1 to 100 (the server's default is 50). */
        public B limit(int limit) {
            if (limit < 1 || limit > 100) {
                throw new IllegalArgumentException("limit must be between 1 and 100");
            }
            return put("limit", Integer.toString(limit));
        }

        /** Start after this cursor: a page's {@code nextCursor()}, or an ISO-8601 timestamp. */
        public B cursor(String cursor) {
            return put("cursor", cursor);
        }

        protected B put(String name, String value) {
            if (value == null) {
                query.remove(name);
            } else {
                query.put(name, value);
            }
            return self();
        }

        @SuppressWarnings("unchecked")
        protected B self() {
            return (B) this;
        }

        public abstract P build();
    }

    private static final class Plain extends Builder<ListParams, Plain> {
        @Override
        public ListParams build() {
            return new ListParams(this);
        }
    }
}
