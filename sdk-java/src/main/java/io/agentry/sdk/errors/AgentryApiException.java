package io.agentry.sdk.errors;

import java.util.List;
import java.util.Map;

/**
 * The server answered with an error status. Carries what the server said: the HTTP status, the
 * error code of the API's error body ({@code not_found}, {@code rate_limit_exceeded}...), its
 * message and the request id to quote when reporting a problem. Subclasses by status family.
 */
public class AgentryApiException extends AgentryException {

    private final int status;
    private final String code;
    private final String requestId;
    private final String errorMessage;
    private final String field;
    private final Map<String, List<String>> headers;

    public AgentryApiException(int status, String code, String message, String field, String requestId, Map<String, List<String>> headers) {
        super(status + " " + (code == null ? "" : code + ": ") + message + (requestId == null ? "" : " (request " + requestId + ")"));
        this.status = status;
        this.code = code;
        this.requestId = requestId;
        this.errorMessage = message;
        this.field = field;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    /** The API's error code, or null when the body had none (e.g. a proxy's error page). */
    public String code() {
        return code;
    }

    /** The server's {@code X-Request-Id}, or null. */
    public String requestId() {
        return requestId;
    }

    /** The request field, parameter or header the error is about ({@code error.field}), or null. */
    public String field() {
        return field;
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The error message the server sent, without status and request id. */
    public String errorMessage() {
        return errorMessage;
    }

    /** The exception class for a status: one per status family. */
    public static AgentryApiException of(int status, String code, String message, String field, String requestId, Map<String, List<String>> headers) {
        return switch (status) {
            case 400 -> new BadRequestException(status, code, message, field, requestId, headers);
            case 401 -> new AuthenticationException(status, code, message, field, requestId, headers);
            case 403 -> new PermissionDeniedException(status, code, message, field, requestId, headers);
            case 404 -> new NotFoundException(status, code, message, field, requestId, headers);
            case 409 -> new ConflictException(status, code, message, field, requestId, headers);
            case 422 -> new UnprocessableEntityException(status, code, message, field, requestId, headers);
            case 429 -> new RateLimitException(status, code, message, field, requestId, headers);
            default -> status >= 500
                    ? new InternalServerException(status, code, message, field, requestId, headers)
                    : new UnexpectedStatusException(status, code, message, field, requestId, headers);
        };
    }
}
