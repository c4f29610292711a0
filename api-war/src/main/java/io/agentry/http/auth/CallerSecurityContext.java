package io.agentry.http.auth;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** Exposes the authenticated {@link Caller} to resources through the standard SecurityContext. */
record CallerSecurityContext(Caller caller, boolean secure) implements SecurityContext {

    @Override
    public Principal getUserPrincipal() {
        return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
        return caller.role() != null && caller.role().wire().equals(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "Bearer";
    }
}
