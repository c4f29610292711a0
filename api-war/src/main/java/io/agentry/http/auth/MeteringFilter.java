package io.agentry.http.auth;

import io.agentry.http.ApiException;
import io.agentry.http.ApiHeaders;
import io.agentry.http.ratelimit.RateLimitDecision;
import io.agentry.http.ratelimit.RateLimiter;
import io.agentry.tokens.TokenUsageRecorder;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Counts the authenticated call on its token and charges it to the organization's per-minute
 * budget: 429 with Retry-After once it is spent.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 10)
public class MeteringFilter implements ContainerRequestFilter {

    @Inject
    RateLimiter rateLimiter;

    @Inject
    TokenUsageRecorder usage;

    @Override
    public void filter(ContainerRequestContext request) {
        Caller caller = Caller.of(request.getSecurityContext());
        if (caller.tokenId() != null) {
            usage.record(caller.tokenId());
        }
        RateLimitDecision decision = rateLimiter.consume(caller.organizationId(), caller.rateLimitPerMinute());
        request.setProperty(ApiHeaders.PROP_RATE_LIMIT, decision);
        if (!decision.allowed()) {
            throw ApiException.rateLimited("rate limit of " + decision.limit()
                    + " requests per minute exceeded for this organization", decision.retryAfterSeconds());
        }
    }
}
