package io.agentry.llm;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK client LangChain4j sends through, unchanged except that it notes a 429's or 503's
 * {@code Retry-After} for {@link ModelCaller} (see {@link RetryAfter}).
 */
final class RetryAfterRecordingClient extends HttpClient {

    private final HttpClient delegate;

    private RetryAfterRecordingClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    static HttpClient wrap(HttpClient client) {
        return new RetryAfterRecordingClient(client);
    }

    /**
     * A builder for LangChain4j's {@code JdkHttpClientBuilder.httpClientBuilder(...)} that hands
     * out {@code shared} whatever it is told: the connect timeout LangChain4j sets is the shared
     * client's already, and everything else is per request.
     */
    static HttpClient.Builder sharing(HttpClient shared) {
        return new Builder(shared);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        AtomicReference<Duration> holder = RetryAfter.current();
        HttpResponse<T> response = delegate.send(request, handler);
        RetryAfter.record(holder, response);
        return response;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        AtomicReference<Duration> holder = RetryAfter.current(); // the sending thread's, not the callback's
        return delegate.sendAsync(request, handler).whenComplete((response, error) -> {
            if (response != null) {
                RetryAfter.record(holder, response);
            }
        });
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        AtomicReference<Duration> holder = RetryAfter.current();
        return delegate.sendAsync(request, handler, pushPromiseHandler).whenComplete((response, error) -> {
            if (response != null) {
                RetryAfter.record(holder, response);
            }
        });
    }

    @Override public Optional<CookieHandler> cookieHandler() { return delegate.cookieHandler(); }
    @Override public Optional<Duration> connectTimeout() { return delegate.connectTimeout(); }
    @Override public Redirect followRedirects() { return delegate.followRedirects(); }
    @Override public Optional<ProxySelector> proxy() { return delegate.proxy(); }
    @Override public SSLContext sslContext() { return delegate.sslContext(); }
    @Override public SSLParameters sslParameters() { return delegate.sslParameters(); }
    @Override public Optional<Authenticator> authenticator() { return delegate.authenticator(); }
    @Override public Version version() { return delegate.version(); }
    @Override public Optional<Executor> executor() { return delegate.executor(); }

    private static final class Builder implements HttpClient.Builder {
        private final HttpClient shared;

        Builder(HttpClient shared) {
            this.shared = shared;
        }

        @Override public HttpClient.Builder cookieHandler(CookieHandler handler) { return this; }
        @Override public HttpClient.Builder connectTimeout(Duration duration) { return this; }
        @Override public HttpClient.Builder sslContext(SSLContext context) { return this; }
        @Override public HttpClient.Builder sslParameters(SSLParameters parameters) { return this; }
        @Override public HttpClient.Builder executor(Executor executor) { return this; }
        @Override public HttpClient.Builder followRedirects(Redirect policy) { return this; }
        @Override public HttpClient.Builder version(Version version) { return this; }
        @Override public HttpClient.Builder priority(int priority) { return this; }
        @Override public HttpClient.Builder proxy(ProxySelector selector) { return this; }
        @Override public HttpClient.Builder authenticator(Authenticator authenticator) { return this; }

        @Override
        public HttpClient build() {
            return shared;
        }
    }
}
