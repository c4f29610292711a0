package io.agentry.http.auth;

import io.agentry.http.ApiException;
import io.agentry.http.ApiHeaders;
import io.agentry.http.ratelimit.RateLimitDecision;
import io.agentry.http.ratelimit.RateLimiter;
import io.agentry.tokens.TokenAuthenticator;
import io.agentry.tokens.TokenUsageRecorder;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;

/**
 * Authenticates every API request (API token or JWT, as {@code Authorization: Bearer} or
 * {@code X-API-Key}), charges it to the organization's rate limit, and checks the scope the
 * resource declares with {@link Scoped} / {@link AdminOnly}. 401 for missing or bad credentials,
 * 429 over budget, 403 for a valid credential without the right.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {

    @Inject
    TokenAuthenticator tokens;

    @Inject
    JwtAuthenticator jwts;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    TokenUsageRecorder usage;

    @Inject
    BenchmarkBypass benchmarkBypass;

    @Context
    ResourceInfo resourceInfo;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!hasCredential(request)) {
            Caller anonymous = benchmarkBypass.anonymousCaller().orElse(null);
            if (anonymous != null) {
                request.setSecurityContext(new CallerSecurityContext(anonymous, false));
                checkScope(request, anonymous);
                return;
            }
        }
        String credential = credential(request);
        Caller caller = credential.indexOf('.') > 0 && credential.chars().filter(c -> c == '.').count() == 2
                ? jwts.authenticate(credential)
                : tokens.authenticate(credential);
        request.setSecurityContext(new CallerSecurityContext(caller,
                "https".equals(request.getUriInfo().getRequestUri().getScheme())));
        if (caller.tokenId() != null) {
            usage.record(caller.tokenId());
        }

        RateLimitDecision decision = rateLimiter.consume(caller.organizationId(), caller.rateLimitPerMinute());
        request.setProperty(ApiHeaders.PROP_RATE_LIMIT, decision);
        if (!decision.allowed()) {
            throw ApiException.rateLimited("rate limit of " + decision.limit()
                    + " requests per minute exceeded for this organization", decision.retryAfterSeconds());
        }

        checkScope(request, caller);
    }

    private void checkScope(ContainerRequestContext request, Caller caller) {
        Method method = resourceInfo.getResourceMethod();
        Class<?> type = resourceInfo.getResourceClass();
        if (method == null || type == null) {
            return;
        }
        if (annotated(method, type, AdminOnly.class)) {
            caller.requireAdmin("use this endpoint");
        }
        Scoped scoped = method.isAnnotationPresent(Scoped.class) ? method.getAnnotation(Scoped.class)
                : type.getAnnotation(Scoped.class);
        if (scoped != null) {
            String verb = request.getMethod();
            caller.require(scoped.value(), !(HttpMethod.GET.equals(verb) || HttpMethod.HEAD.equals(verb)));
        }
    }

    private static boolean annotated(AnnotatedElement method, AnnotatedElement type, Class<AdminOnly> annotation) {
        return method.isAnnotationPresent(annotation) || type.isAnnotationPresent(annotation);
    }

    private static boolean hasCredential(ContainerRequestContext request) {
        return request.getHeaderString("Authorization") != null || request.getHeaderString(ApiHeaders.API_KEY) != null;
    }

    private static String credential(ContainerRequestContext request) {
        String authorization = request.getHeaderString("Authorization");
        if (authorization != null && !authorization.isBlank()) {
            String value = authorization.trim();
            if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw ApiException.unauthorized("the Authorization header must be 'Bearer <token>'");
            }
            String token = value.substring(7).trim();
            if (token.isEmpty()) {
                throw ApiException.unauthorized("empty bearer token");
            }
            return token;
        }
        String apiKey = request.getHeaderString(ApiHeaders.API_KEY);
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.trim();
        }
        throw ApiException.unauthorized("missing credentials: send 'Authorization: Bearer <token>' or 'X-API-Key: <token>'");
    }
}
