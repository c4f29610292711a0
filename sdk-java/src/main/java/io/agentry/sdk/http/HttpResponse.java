package io.agentry.sdk.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A response whose body is read as a stream (so Server-Sent Events arrive as they are sent).
 * Closing it releases the connection; closing it before the end of a stream abandons the stream.
 */
public final class HttpResponse implements Closeable {

    private final int statusCode;
    private final Map<String, List<String>> headers;
    private final InputStream body;

    public HttpResponse(int statusCode, Map<String, List<String>> headers, InputStream body) {
        this.statusCode = statusCode;
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> h.put(name, List.copyOf(values)));
        this.headers = h;
        this.body = body == null ? InputStream.nullInputStream() : body;
    }

    public int statusCode() {
        return statusCode;
    }

    /** All headers, names case-insensitive. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public InputStream body() {
        return body;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
