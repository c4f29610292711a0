package io.agentry.http.auth;

import io.agentry.http.ApiException;
import io.agentry.organizations.Role;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: an API token or a JWT-authenticated person, always inside exactly one
 * organization. Every service call takes the caller and scopes its queries by
 * {@link #organizationId()}.
 */
public record Caller(
        UUID organizationId,
        UUID userId,
        String email,
        String displayName,
        Role role,
        Set<String> scopes,
        UUID tokenId,
        Kind kind,
        int rateLimitPerMinute) implements Principal {

    public enum Kind { TOKEN, JWT }

    public static Caller of(SecurityContext context) {
        if (context != null && context.getUserPrincipal() instanceof Caller caller) {
            return caller;
        }
        throw ApiException.unauthorized("missing credentials");
    }

    /**
     * Work done later on someone's behalf (a task, an asynchronous reply): the organization, the
     * person and token it is attributed to, and only the right to read (its agent's tools search).
     */
    public static Caller background(UUID organizationId, UUID userId, UUID tokenId) {
        return new Caller(organizationId, userId, null, null, null, Set.of(Scopes.READ), tokenId, Kind.TOKEN, 0);
    }

    @Override
    public String getName() {
        return userId == null ? "token:" + tokenId : userId.toString();
    }

    public boolean isAdmin() {
        return scopes.contains(Scopes.ADMIN);
    }

    public boolean isSystemAdmin() {
        return scopes.contains(Scopes.SYSTEM);
    }

    public void requireAdmin(String action) {
        if (!isAdmin()) {
            throw ApiException.forbidden("only organization admins and owners may " + action);
        }
    }

    public void requireSystemAdmin(String action) {
        if (!isSystemAdmin()) {
            throw ApiException.forbidden("only system administrators may " + action);
        }
    }

    public void require(String family, boolean write) {
        if (!Scopes.allows(scopes, family, write)) {
            throw ApiException.forbidden("this credential lacks the '" + family + (write ? ":write" : ":read") + "' scope");
        }
    }
}
