package io.agentry.compat.postgrest;

import io.agentry.http.ErrorBody;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;

/**
 * Every error under {@code /rest/v1}, whoever raised it (authentication, rate limits, body
 * limits, the services, the adapter), in PostgREST's shape. Runs before the filter that would wrap
 * it in the v2 envelope (response filters run highest priority first).
 */
@Provider
@Priority(200)
public class PostgrestErrors implements ContainerResponseFilter {

    static final String PREFIX = "/rest/v1/";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (path == null || !path.startsWith(PREFIX) || !(response.getEntity() instanceof ErrorBody body)) {
            return;
        }
        PostgrestError error = PostgrestError.of(response.getStatus(), body);
        response.setEntity(error.json(), new Annotation[0], MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8"));
    }
}
