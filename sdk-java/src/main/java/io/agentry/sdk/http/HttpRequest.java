package io.agentry.sdk.http;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One HTTP exchange as the SDK asks a {@link HttpTransport} to perform it. The body is held in
 * memory, so a request can be sent again unchanged when it is retried.
 *
 * @param headers header names as the SDK writes them; each may carry several values
 * @param body    null for requests without a body
 * @param timeout time allowed until the response headers arrive
 */
public record HttpRequest(String method, URI uri, Map<String, List<String>> headers, Body body, Duration timeout) {

    public HttpRequest {
        headers = Map.copyOf(headers);
    }

    /** The first value of a header, or null (case-insensitive name). */
    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** A request body: its media type and bytes. */
    public record Body(String contentType, byte[] content) {
    }
}
