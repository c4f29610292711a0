package io.agentry.http.ratelimit;

/** The outcome of charging one request to an organization's budget, as sent in X-RateLimit-*. */
public record RateLimitDecision(boolean allowed, long limit, long remaining, long resetEpochSeconds,
                                long retryAfterSeconds) {
}
