package io.agentry.http;

/**
 * An error that becomes an HTTP error response with a machine-readable code. Thrown by services
 * and plumbing alike; {@link ApiExceptionMapper} renders it in the caller's API version.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final Long retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null, null);
    }

    private ApiException(int status, String code, String message, String field, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    /** A 400 that names the offending field or parameter, so clients can point at it. */
    public static ApiException invalid(String field, String message) {
        return new ApiException(400, "bad_request", "'" + field + "' " + message, field, null);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    public static ApiException unprocessable(String code, String message) {
        return new ApiException(422, code, message);
    }

    public static ApiException payloadTooLarge(String message) {
        return new ApiException(413, "payload_too_large", message);
    }

    public static ApiException rateLimited(String message, long retryAfterSeconds) {
        return new ApiException(429, "rate_limit_exceeded", message, null, retryAfterSeconds);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "service_unavailable", message);
    }

    /** The database did not answer (restarting, unreachable, out of connections): worth a retry shortly. */
    public static ApiException databaseUnavailable() {
        return new ApiException(503, "service_unavailable", "the database is not available; retry shortly", null, 1L);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
