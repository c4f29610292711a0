package io.agentry.sdk.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@link HttpTransport} on the JDK's {@code java.net.http.HttpClient}. */
public final class JdkHttpTransport implements HttpTransport {

    private final HttpClient client;

    public JdkHttpTransport(Duration connectTimeout) {
        this(HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    /** Uses a client the caller configured (proxy, TLS, executor...). */
    public JdkHttpTransport(HttpClient client) {
        this.client = client;
    }

    @Override
    public HttpResponse execute(HttpRequest request) throws IOException {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(request.uri());
        if (request.timeout() != null) {
            b.timeout(request.timeout());
        }
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            for (String value : header.getValue()) {
                b.header(header.getKey(), value);
            }
        }
        if (request.body() != null) {
            b.header("Content-Type", request.body().contentType());
            b.method(request.method(), java.net.http.HttpRequest.BodyPublishers.ofByteArray(request.body().content()));
        } else {
            b.method(request.method(), java.net.http.HttpRequest.BodyPublishers.noBody());
        }
        try {
            java.net.http.HttpResponse<InputStream> r = client.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            return new HttpResponse(r.statusCode(), r.headers().map(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + request.method() + " " + request.uri());
        }
    }
}
