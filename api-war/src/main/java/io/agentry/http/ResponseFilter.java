package io.agentry.http;

import io.agentry.http.ratelimit.RateLimitDecision;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Last filter of every response: shapes the body for the requested API version (raw in v1, the
 * data/meta envelope in v2) and adds the request id and rate-limit headers.
 */
@Provider
@Priority(100)
public class ResponseFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        String requestId = (String) request.getProperty(ApiHeaders.PROP_REQUEST_ID);
        if (requestId == null) { // the request failed before the first filter ran
            requestId = RequestIds.next();
        }
        headers.putSingle(ApiHeaders.REQUEST_ID, requestId);
        if (request.getProperty(ApiHeaders.PROP_RATE_LIMIT) instanceof RateLimitDecision limit) {
            headers.putSingle(ApiHeaders.RATE_LIMIT_LIMIT, limit.limit());
            headers.putSingle(ApiHeaders.RATE_LIMIT_REMAINING, limit.remaining());
            headers.putSingle(ApiHeaders.RATE_LIMIT_RESET, limit.resetEpochSeconds());
        }
        if (Boolean.TRUE.equals(request.getProperty(ApiHeaders.PROP_REPLAYED)) || !response.hasEntity()) {
            return;
        }
        Object entity = response.getEntity();
        if (!(entity instanceof Page<?> || entity instanceof ErrorBody || entity instanceof ApiResult)) {
            return; // OpenAPI documents, health checks and other framework output stay as they are
        }
        boolean v2 = Integer.valueOf(2).equals(request.getProperty(ApiHeaders.PROP_API_VERSION));
        Object body;
        if (entity instanceof ErrorBody error) {
            body = v2 ? new ErrorEnvelope(error.error(), meta(requestId)) : error;
        } else if (entity instanceof Page<?> page) {
            if (page.nextCursor() != null) {
                headers.putSingle(ApiHeaders.NEXT_CURSOR, page.nextCursor());
            }
            headers.putSingle(ApiHeaders.HAS_MORE, page.hasMore());
            body = v2 ? new Envelope(page, meta(requestId)) : new RawList(page.items());
        } else {
            body = v2 ? new Envelope(entity, meta(requestId)) : entity;
        }
        response.setEntity(body, response.getEntityAnnotations(), MediaType.APPLICATION_JSON_TYPE);
    }

    private static Meta meta(String requestId) {
        return new Meta(2, requestId, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    }
}
