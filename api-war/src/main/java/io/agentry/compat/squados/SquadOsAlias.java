package io.agentry.compat.squados;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * SquadOS integrators call {@code <base>/functions/v1/api/v1/...}: the same resources as
 * {@code /api/v1/...}. Runs before every other filter, so each sees (and checks, as the upload
 * size limit does) the canonical path.
 */
@Provider
@PreMatching
@Priority(90)
public class SquadOsAlias implements ContainerRequestFilter {

    public static final String PREFIX = "/functions/v1/api/v1/";

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (path != null && path.startsWith(PREFIX)) {
            String canonical = "/api/v1/" + path.substring(PREFIX.length());
            request.setRequestUri(request.getUriInfo().getBaseUri(),
                    request.getUriInfo().getRequestUriBuilder().replacePath(canonical).build());
        }
    }
}
