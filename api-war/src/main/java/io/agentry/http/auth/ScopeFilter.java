package io.agentry.http.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;

/**
 * Checks the right a resource declares: {@link AdminOnly}, and for {@link Scoped} resources
 * {@code <family>:read} on GET/HEAD (and {@link ReadAccess} methods) and {@code <family>:write} otherwise. A valid credential
 * without it gets a 403.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class ScopeFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resourceInfo;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resourceInfo.getResourceMethod();
        Class<?> type = resourceInfo.getResourceClass();
        if (method == null || type == null) {
            return;
        }
        Caller caller = Caller.of(request.getSecurityContext());
        if (method.isAnnotationPresent(AdminOnly.class) || type.isAnnotationPresent(AdminOnly.class)) {
            caller.requireAdmin("use this endpoint");
        }
        Scoped scoped = method.isAnnotationPresent(Scoped.class) ? method.getAnnotation(Scoped.class)
                : type.getAnnotation(Scoped.class);
        if (scoped != null) {
            String verb = request.getMethod();
            boolean reads = HttpMethod.GET.equals(verb) || HttpMethod.HEAD.equals(verb)
                    || method.isAnnotationPresent(ReadAccess.class);
            caller.require(scoped.value(), !reads);
        }
    }
}
