package io.agentry.http.auth;

import io.agentry.http.ApiException;
import io.agentry.http.ApiHeaders;
import io.agentry.tokens.TokenAuthenticator;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Authenticates every API request: an API token or a JWT, as {@code Authorization: Bearer} or
 * {@code X-API-Key}. Missing, unknown, revoked, expired or malformed credentials are a 401.
 * Then {@link MeteringFilter} charges the request and {@link ScopeFilter} checks its rights.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {

    /** Set on requests admitted by the benchmark bypass: they are neither counted nor rate-limited. */
    static final String PROP_UNMETERED = "agentry.unmetered";

    @Inject
    TokenAuthenticator tokens;

    @Inject
    JwtAuthenticator jwts;

    @Inject
    BenchmarkBypass benchmarkBypass;

    @Inject
    FailedAuthLimiter failedAuth;

    @Context
    jakarta.servlet.http.HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!hasCredential(request) && BenchmarkBypass.isLoopback(servletRequest.getRemoteAddr())) {
            Caller anonymous = benchmarkBypass.anonymousCaller().orElse(null);
            if (anonymous != null) {
                request.setSecurityContext(new CallerSecurityContext(anonymous, false));
                request.setProperty(PROP_UNMETERED, true);
                return;
            }
        }
        String credential = credential(request);
        String address = servletRequest.getRemoteAddr();
        Caller caller;
        try {
            caller = looksLikeJwt(credential) ? jwts.authenticate(credential)
                    : tokens.authenticate(credential, () -> failedAuth.checkAllowed(address));
        } catch (ApiException e) {
            if (e.status() == 401) {
                failedAuth.recordFailure(address);
            }
            throw e;
        }
        request.setSecurityContext(new CallerSecurityContext(caller,
                "https".equals(request.getUriInfo().getRequestUri().getScheme())));
    }

    /** header.payload.signature: exactly two dots (API tokens have none). */
    private static boolean looksLikeJwt(String credential) {
        int first = credential.indexOf('.');
        int second = first < 0 ? -1 : credential.indexOf('.', first + 1);
        return first > 0 && second > first && credential.indexOf('.', second + 1) < 0;
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
