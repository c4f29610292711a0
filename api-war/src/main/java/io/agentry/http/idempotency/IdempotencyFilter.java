package io.agentry.http.idempotency;

import io.agentry.http.ApiException;
import io.agentry.http.ApiHeaders;
import io.agentry.http.JacksonWriter;
import io.agentry.http.SecretBearing;
import io.agentry.http.auth.Caller;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on POST: the first response is stored and replayed byte for byte to
 * every retry with the same key and body for 24 hours (with {@code Idempotent-Replayed: true});
 * the same key with another body is a 422 and never a second side effect. Secrets shown once
 * (new tokens) are left out of the stored copy.
 */
@Provider
@Priority(Priorities.USER)
public class IdempotencyFilter implements ContainerRequestFilter, ContainerResponseFilter, WriterInterceptor {

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final String PROP_CLAIM = "agentry.idempotency.claim";
    private static final String PROP_RESPONSE = "agentry.idempotency.response";

    @Inject
    IdempotencyStore store;

    private record ClaimedKey(UUID organizationId, String key) {
    }

    private record ResponseHead(int status, String contentType, String location) {
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String key = request.getHeaderString(ApiHeaders.IDEMPOTENCY_KEY);
        if (key == null || !HttpMethod.POST.equals(request.getMethod())) {
            return;
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiException.invalid(ApiHeaders.IDEMPOTENCY_KEY, "must be 1 to 255 visible ASCII characters");
        }
        Caller caller = Caller.of(request.getSecurityContext());
        byte[] body = request.hasEntity() ? request.getEntityStream().readAllBytes() : new byte[0];
        request.setEntityStream(new ByteArrayInputStream(body));
        // The API version is part of the request: a retry in another version would expect another shape.
        String fingerprint = fingerprint(request.getMethod() + " " + request.getUriInfo().getRequestUri().getRawPath()
                + "?" + request.getUriInfo().getRequestUri().getRawQuery()
                + " v" + request.getProperty(ApiHeaders.PROP_API_VERSION), body);

        IdempotencyStore.Claim claim = store.claim(caller.organizationId(), key, fingerprint);
        if (claim instanceof IdempotencyStore.Replay replay) {
            request.setProperty(ApiHeaders.PROP_REPLAYED, true);
            Response.ResponseBuilder response = Response.status(replay.status())
                    .header(ApiHeaders.IDEMPOTENT_REPLAYED, "true");
            if (replay.body() != null && replay.body().length > 0) {
                response.entity(replay.body()).type(replay.contentType() == null
                        ? MediaType.APPLICATION_JSON_TYPE : MediaType.valueOf(replay.contentType()));
            }
            if (replay.location() != null) {
                response.header("Location", replay.location());
            }
            request.abortWith(response.build());
            return;
        }
        request.setProperty(PROP_CLAIM, new ClaimedKey(caller.organizationId(), key));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(PROP_CLAIM) instanceof ClaimedKey claimed)) {
            return;
        }
        int status = response.getStatus();
        if (status >= 500) {
            store.release(claimed.organizationId(), claimed.key());
            request.removeProperty(PROP_CLAIM);
            return;
        }
        String location = response.getHeaderString("Location");
        MediaType type = response.getMediaType();
        ResponseHead head = new ResponseHead(status, type == null ? null : type.toString(), location);
        if (!response.hasEntity()) {
            store.complete(claimed.organizationId(), claimed.key(), status, head.contentType(), location, null);
            request.removeProperty(PROP_CLAIM);
        } else {
            request.setProperty(PROP_RESPONSE, head);
        }
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        if (!(context.getProperty(PROP_CLAIM) instanceof ClaimedKey claimed)
                || !(context.getProperty(PROP_RESPONSE) instanceof ResponseHead head)) {
            context.proceed();
            return;
        }
        OutputStream original = context.getOutputStream();
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        context.setOutputStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                original.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                original.write(bytes, offset, length);
                copy.write(bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                original.flush();
            }
        });
        try {
            context.proceed();
        } finally {
            context.setOutputStream(original);
        }
        Object entity = context.getEntity();
        Object kept = SecretBearing.redact(entity);
        // A secret is shown once: a replay of its creation answers the same record without it.
        byte[] stored = kept == entity ? copy.toByteArray() : JacksonWriter.MAPPER.writeValueAsBytes(kept);
        store.complete(claimed.organizationId(), claimed.key(), head.status(), head.contentType(), head.location(),
                stored);
    }

    private static String fingerprint(String target, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(target.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
