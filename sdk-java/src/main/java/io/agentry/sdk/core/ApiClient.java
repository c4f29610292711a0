package io.agentry.sdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.sdk.errors.AgentryApiException;
import io.agentry.sdk.errors.AgentryConnectionException;
import io.agentry.sdk.http.HttpRequest;
import io.agentry.sdk.http.HttpResponse;
import io.agentry.sdk.http.HttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends API calls: adds credentials and headers, retries what is safe to retry, turns error
 * statuses into exceptions and unwraps the API's version-2 envelope. Every resource goes
 * through it; it holds no state between calls.
 */
public final class ApiClient {

    public static final String USER_AGENT = "agentry-java/" + version();

    private final URI baseUri;
    private final String apiKey;
    private final Duration timeout;
    private final int maxRetries;
    private final HttpTransport transport;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;

    public ApiClient(URI baseUri, String apiKey, Duration timeout, int maxRetries, HttpTransport transport,
                     RetryPolicy retryPolicy, Sleeper sleeper) {
        String base = baseUri.toString();
        this.baseUri = URI.create(base.endsWith("/") ? base : base + "/");
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        this.transport = transport;
        this.retryPolicy = retryPolicy;
        this.sleeper = sleeper;
    }

    public URI baseUri() {
        return baseUri;
    }

    /** Calls the API and returns the envelope's {@code data} (null for 204 No Content). */
    public JsonNode call(ApiRequest request, RequestOptions options) {
        try (HttpResponse response = execute(request, options, "application/json")) {
            if (response.statusCode() == 204) {
                return null;
            }
            JsonNode body = Json.read(response.body());
            return body.has("data") && body.has("meta") ? body.get("data") : body;
        } catch (IOException e) {
            throw new AgentryConnectionException("cannot read the response to " + request.method() + ": " + e.getMessage(), e);
        }
    }

    public <T> T call(ApiRequest request, RequestOptions options, Class<T> type) {
        JsonNode data = call(request, options);
        return data == null ? null : Json.convert(data, type);
    }

    /** Opens a server-sent event stream; the caller closes what it returns. */
    public <T> StreamResponse<T> stream(ApiRequest request, RequestOptions options, java.util.function.Function<SseEvent, T> mapper) {
        return new StreamResponse<>(execute(request, options, "text/event-stream"), mapper);
    }

    /**
     * Sends the request, retrying as {@link RetryPolicy} says, and returns the first successful
     * response (open: the caller reads and closes it). A POST carries one Idempotency-Key for all
     * its attempts, so a retry after a lost response cannot act twice.
     */
    public HttpResponse execute(ApiRequest request, RequestOptions options, String accept) {
        int retries = options.maxRetries() != null ? options.maxRetries() : maxRetries;
        HttpRequest http = toHttp(request, options, accept);
        for (int attempt = 0; ; attempt++) {
            HttpResponse response;
            try {
                response = transport.execute(http);
            } catch (IOException e) {
                if (attempt >= retries) {
                    throw new AgentryConnectionException(request.method() + " " + http.uri() + " failed after " + (attempt + 1)
                            + " attempt(s): " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
                }
                pause(retryPolicy.delay(attempt + 1, null));
                continue;
            }
            int status = response.statusCode();
            if (status < 400) {
                return response;
            }
            if (attempt < retries && RetryPolicy.isRetryable(status)) {
                Duration delay = retryPolicy.delay(attempt + 1, response);
                closeQuietly(response);
                pause(delay);
                continue;
            }
            throw error(response);
        }
    }

    private HttpRequest toHttp(ApiRequest request, RequestOptions options, String accept) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Authorization", List.of("Bearer " + apiKey));
        headers.put("Accept", List.of(accept));
        headers.put("X-API-Version", List.of("2"));
        headers.put("User-Agent", List.of(USER_AGENT));
        if ("POST".equals(request.method())) {
            String key = options.idempotencyKey() != null ? options.idempotencyKey() : "sdk-" + UUID.randomUUID();
            headers.put("Idempotency-Key", List.of(key));
        }
        options.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        URI uri = baseUri.resolve(request.pathAndQuery());
        return new HttpRequest(request.method(), uri, headers, request.body(), options.timeout() != null ? options.timeout() : timeout);
    }

    private void pause(Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentryConnectionException("interrupted while waiting to retry", e);
        }
    }

    /** Reads the API's error body ({@code {"error": {"code", "message"}}}) into an exception. */
    static AgentryApiException error(HttpResponse response) {
        String requestId = response.header("X-Request-Id").orElse(null);
        String code = null;
        String message = null;
        String field = null;
        String raw;
        try (InputStream in = response.body()) {
            raw = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            raw = "";
        }
        try {
            JsonNode body = Json.MAPPER.readTree(raw);
            JsonNode error = body == null ? null : body.get("error");
            if (error != null && error.isObject()) {
                code = error.path("code").isTextual() ? error.get("code").asText() : null;
                message = error.path("message").isTextual() ? error.get("message").asText() : null;
                field = error.path("field").isTextual() ? error.get("field").asText() : null;
                if (requestId == null) {
                    requestId = body.path("meta").path("request_id").isTextual() ? body.path("meta").path("request_id").asText() : null;
                }
            }
        } catch (IOException notJson) {
            // a proxy's or the web container's own error page: keep its text
        }
        if (message == null) {
            message = raw.isBlank() ? "HTTP " + response.statusCode() : raw.strip().substring(0, Math.min(raw.strip().length(), 500));
        }
        return AgentryApiException.of(response.statusCode(), code, message, field, requestId, response.headers());
    }

    private static void closeQuietly(HttpResponse response) {
        try {
            response.close();
        } catch (IOException ignored) {
            // the response is being abandoned for a retry
        }
    }

    private static String version() {
        String v = ApiClient.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
