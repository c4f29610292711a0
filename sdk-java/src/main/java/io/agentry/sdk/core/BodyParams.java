package io.agentry.sdk.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable JSON request body made by a builder. Only the fields a builder set are sent, so
 * in a PATCH an untouched field stays as it is on the server while {@code description(null)}
 * clears it.
 */
public abstract class BodyParams {

    private final Map<String, Object> body;

    protected BodyParams(Builder<?, ?> builder) {
        this.body = Collections.unmodifiableMap(new LinkedHashMap<>(builder.body));
    }

    /** The fields this body sends, by wire name. */
    public Map<String, Object> body() {
        return body;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + body;
    }

    /**
     * @param <P> the params type built
     * @param <B> the concrete builder, for chaining
     */
    public abstract static class Builder<P, B extends Builder<P, B>> {

        private final Map<String, Object> body = new LinkedHashMap<>();

        protected Builder() {
        }

        protected B put(String field, Object value) {
            body.put(field, value);
            return self();
        }

        protected boolean has(String field) {
            return body.containsKey(field);
        }

        /** Sends a field this version of the SDK does not know (a newer server's). */
        public B putAdditionalProperty(String field, Object value) {
            return put(field, value);
        }

        @SuppressWarnings("unchecked")
        protected B self() {
            return (B) this;
        }

        public abstract P build();
    }
}
