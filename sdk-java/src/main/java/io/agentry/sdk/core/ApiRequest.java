package io.agentry.sdk.core;

import io.agentry.sdk.http.HttpRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A call to the API before it becomes an HTTP request: method, path, query and body. */
public final class ApiRequest {

    private final String method;
    private final StringBuilder path = new StringBuilder();
    private final Map<String, String> query = new LinkedHashMap<>();
    private HttpRequest.Body body;

    private ApiRequest(String method) {
        this.method = method;
    }

    public static ApiRequest get() {
        return new ApiRequest("GET");
    }

    public static ApiRequest post() {
        return new ApiRequest("POST");
    }

    public static ApiRequest patch() {
        return new ApiRequest("PATCH");
    }

    public static ApiRequest put() {
        return new ApiRequest("PUT");
    }

    public static ApiRequest delete() {
        return new ApiRequest("DELETE");
    }

    /** Appends literal path segments, e.g. {@code "api/v1/agents"}. */
    public ApiRequest path(String segments) {
        path.append(path.length() == 0 ? "" : "/").append(segments);
        return this;
    }

    /** Appends one path segment taken from a value (an id): it is percent-encoded. */
    public ApiRequest segment(Object value) {
        Objects.requireNonNull(value, "path parameter");
        String s = value.toString();
        if (s.isBlank()) {
            throw new IllegalArgumentException("a path parameter must not be blank");
        }
        return path(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** Adds a query parameter; null values are left out. */
    public ApiRequest query(String name, Object value) {
        if (value != null) {
            query.put(name, value.toString());
        }
        return this;
    }

    public ApiRequest query(Map<String, String> values) {
        values.forEach(this::query);
        return this;
    }

    public ApiRequest json(Object value) {
        this.body = new HttpRequest.Body("application/json", Json.write(value));
        return this;
    }

    public ApiRequest body(HttpRequest.Body body) {
        this.body = body;
        return this;
    }

    public String method() {
        return method;
    }

    public HttpRequest.Body body() {
        return body;
    }

    String pathAndQuery() {
        StringBuilder s = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            s.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return s.toString();
    }
}
