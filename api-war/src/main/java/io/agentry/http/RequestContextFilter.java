package io.agentry.http;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.regex.Pattern;

/**
 * First filter of every request after the SquadOS alias (io.agentry.compat): assigns the request
 * id, reads the API version and bounds the request body.
 */
@Provider
@PreMatching
@Priority(100)
public class RequestContextFilter implements ContainerRequestFilter {

    private static final Pattern UPLOAD_PATH = Pattern.compile("/api/v1/bases/[^/]+/items/?");
    /** Room for the multipart framing and form fields around an upload's file. */
    private static final long UPLOAD_OVERHEAD = 1 << 20;
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Inject
    HttpSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        String clientId = request.getHeaderString(ApiHeaders.REQUEST_ID);
        String requestId = clientId != null && CLIENT_REQUEST_ID.matcher(clientId).matches()
                ? clientId : RequestIds.next();
        request.setProperty(ApiHeaders.PROP_REQUEST_ID, requestId);
        request.setProperty(ApiHeaders.PROP_API_VERSION, 1);
        String version = request.getHeaderString(ApiHeaders.API_VERSION);
        if (version != null && !version.isBlank()) {
            switch (version.trim()) {
                case "1" -> request.setProperty(ApiHeaders.PROP_API_VERSION, 1);
                case "2" -> request.setProperty(ApiHeaders.PROP_API_VERSION, 2);
                default -> throw ApiException.invalid(ApiHeaders.API_VERSION, "must be 1 or 2");
            }
        }

        long max = isUpload(request) ? Math.max(settings.maxBodyBytes(), settings.maxUploadBytes() + UPLOAD_OVERHEAD)
                : settings.maxBodyBytes();
        if (request.hasEntity()) {
            long length = contentLength(request.getHeaders().get("Content-Length"));
            if (length > max) {
                throw tooLarge(max);
            }
            request.setEntityStream(new BoundedInputStream(request.getEntityStream(), max));
        }
    }

    /**
     * The declared body length, or -1 if none. Repeated values are accepted when they agree
     * (RFC 9110, section 8.6): Liberty reports an HTTP/2 request's length twice, the client's
     * header and its own.
     */
    static long contentLength(List<String> values) {
        long length = -1;
        if (values == null) {
            return length;
        }
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                long parsed;
                try {
                    parsed = Long.parseLong(part.trim());
                } catch (NumberFormatException e) {
                    throw ApiException.invalid("Content-Length", "is not a number");
                }
                if (parsed < 0 || (length >= 0 && parsed != length)) {
                    throw ApiException.invalid("Content-Length", "must be one non-negative number");
                }
                length = parsed;
            }
        }
        return length;
    }

    /** A multipart file upload to an endpoint that takes files (only there is the larger limit). */
    private static boolean isUpload(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        return type != null && type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE)
                && UPLOAD_PATH.matcher(request.getUriInfo().getRequestUri().getRawPath()).matches();
    }

    static ApiException tooLarge(long max) {
        return ApiException.payloadTooLarge("request body exceeds the limit of " + max + " bytes");
    }
}
