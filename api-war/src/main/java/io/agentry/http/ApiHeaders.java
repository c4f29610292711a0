package io.agentry.http;

/** Header names and request-context property keys shared by the HTTP plumbing. */
public final class ApiHeaders {
    public static final String API_VERSION = "X-API-Version";
    public static final String REQUEST_ID = "X-Request-Id";
    public static final String API_KEY = "X-API-Key";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    public static final String RATE_LIMIT_LIMIT = "X-RateLimit-Limit";
    public static final String RATE_LIMIT_REMAINING = "X-RateLimit-Remaining";
    public static final String RATE_LIMIT_RESET = "X-RateLimit-Reset";
    public static final String NEXT_CURSOR = "X-Next-Cursor";
    public static final String HAS_MORE = "X-Has-More";

    /** Request properties set by the filters, read by later filters and mappers. */
    public static final String PROP_REQUEST_ID = "agentry.requestId";
    public static final String PROP_API_VERSION = "agentry.apiVersion";
    public static final String PROP_RATE_LIMIT = "agentry.rateLimit";
    public static final String PROP_REPLAYED = "agentry.replayed";

    private ApiHeaders() {
    }
}
