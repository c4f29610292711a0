package io.agentry.sdk.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-call settings that override the client's without building another client:
 * {@code client.agents().list(params, RequestOptions.builder().maxRetries(0).build())}.
 */
public final class RequestOptions {

    public static final RequestOptions NONE = builder().build();

    private final Integer maxRetries;
    private final Duration timeout;
    private final String idempotencyKey;
    private final Map<String, String> headers;

    private RequestOptions(Builder b) {
        this.maxRetries = b.maxRetries;
        this.timeout = b.timeout;
        this.idempotencyKey = b.idempotencyKey;
        this.headers = Map.copyOf(b.headers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Null: the client's setting. */
    public Integer maxRetries() {
        return maxRetries;
    }

    /** Null: the client's setting. */
    public Duration timeout() {
        return timeout;
    }

    /** Null: a POST gets a fresh random key (kept across its retries). */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /**
     * These options with one more header, e.g. a stream's {@code Last-Event-ID}; these stay as they are.
     *
     * @param name  the header, replacing one of the same name
     * @param value its value
     * @return new options
     */
    public RequestOptions withHeader(String name, String value) {
        Builder b = builder().timeout(timeout).idempotencyKey(idempotencyKey);
        if (maxRetries != null) {
            b.maxRetries(maxRetries);
        }
        headers.forEach(b::header);
        return b.header(name, value).build();
    }

    public static final class Builder {
        private Integer maxRetries;
        private Duration timeout;
        private String idempotencyKey;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Makes a POST safe to repeat from the caller's side too (e.g. after a crash). */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public RequestOptions build() {
            return new RequestOptions(this);
        }
    }
}
