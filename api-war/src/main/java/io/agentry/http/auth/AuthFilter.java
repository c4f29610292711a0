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
 * {@code X-API-Key} (or Supabase's {@code apikey}). Missing, unknown, revoked, expired or malformed credentials are a 401.
 * Then {@link MeteringFilter} charges the request and {@link ScopeFilter} checks its rights.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {

    @Inject
    TokenAuthenticator tokens;

    @Inject
    JwtAuthenticator jwts;

    @Inject
    FailedAuthLimiter failedAuth;

    @Inject
    ClientAddress clients;

    @Context
    jakarta.servlet.http.HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String credential = credential(request);
        String address = ClientAddress.key(clients.resolve(servletRequest.getRemoteAddr(), request.getHeaderString("Forwarded"),
                request.getHeaderString("X-Forwarded-For")));
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
        // Supabase clients (CrewForm's legacy API) also send an "apikey" header: beside a bearer
        // it is ignored, alone it is the credential
        String supabaseKey = request.getHeaderString("apikey");
        if (supabaseKey != null && !supabaseKey.isBlank()) {
            return supabaseKey.trim();
        }
        throw ApiException.unauthorized("missing credentials: send 'Authorization: Bearer <token>' or 'X-API-Key: <token>'");
    }
}
