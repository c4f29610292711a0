package io.agentry.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * LangChain4j's HTTP transport for model calls: each call is sent and its answer read in the
 * calling thread (Apache HttpClient's classic, blocking API over a connection pool), streamed
 * answers included, so a chat's provider bytes reach its client without a hand-off between
 * threads. The JDK client LangChain4j uses by default hands every response, and every streamed
 * piece, from its selector thread to an executor thread and on to the waiting one; on a busy
 * server each hand-off waits for a core.
 *
 * <p>A streamed call bound to a {@link StreamingCall} flushes the client's output just before
 * waiting for more bytes from the provider ({@link ProviderSocket}), and can be aborted from
 * another thread. The timeout bounds the connect, and the wait for any next byte of an answer.
 */
final class BlockingTransport implements HttpClient, AutoCloseable {

    /** Every open stream holds a connection: far more than a server has request threads. */
    private static final int MAX_CONNECTIONS = 10_000;

    /** Of an error answer, only what names the error is kept (see {@link ProviderFailure}). */
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    private final CloseableHttpClient client;
    private final long maxResponseBytes;

    /**
     * {@code dns}: how names are resolved at connect time (null: the system's resolver);
     * {@code maxResponseBytes}: most bytes read of one answer.
     */
    BlockingTransport(Duration timeout, org.apache.hc.client5.http.DnsResolver dns, long maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
        Timeout limit = Timeout.of(timeout);
        this.client = HttpClients.custom()
                .setConnectionManager(new ProviderConnections()
                        .setDnsResolver(dns)
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(limit)
                                .setSocketTimeout(limit)
                                // a connection the provider may have closed while idle is checked before reuse
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                                .setTimeToLive(TimeValue.ofMinutes(5))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(limit)
                        .setResponseTimeout(limit)
                        .setHardCancellationEnabled(true) // an aborted stream closes its connection at once
                        .build())
                .disableAutomaticRetries() // ModelCaller retries, honouring Retry-After
                .disableRedirectHandling()
                // a streamed answer must reach the client piece by piece, not a decompressor's block at a time
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /**
     * A builder for LangChain4j's model builders' {@code httpClientBuilder(...)} that hands out
     * this transport whatever it is told: the timeouts LangChain4j passes on are the transport's
     * own already.
     */
    HttpClientBuilder sharing() {
        return new HttpClientBuilder() {
            @Override public Duration connectTimeout() { return null; }
            @Override public HttpClientBuilder connectTimeout(Duration timeout) { return this; }
            @Override public Duration readTimeout() { return null; }
            @Override public HttpClientBuilder readTimeout(Duration timeout) { return this; }
            @Override public HttpClient build() { return BlockingTransport.this; }
        };
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        HttpUriRequestBase sent = toApache(request);
        CallAbort abort = CallAbort.current();
        if (abort != null) {
            abort.inFlight(sent::cancel);
        }
        try (ClassicHttpResponse response = client.executeOpen(null, sent, null)) {
            requireSuccess(response, sent);
            String body = text(response.getEntity(), sent, maxResponseBytes);
            return SuccessfulHttpResponse.builder().statusCode(response.getCode()).headers(headers(response)).body(body).build();
        } catch (IOException e) {
            throw translate(e);
        } finally {
            if (abort != null) {
                abort.inFlight(null);
            }
        }
    }

    /** Reads the whole stream before returning: every listener call happens in the calling thread. */
    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        HttpUriRequestBase sent = toApache(request);
        StreamingCall call = StreamingCall.current();
        if (call != null) {
            call.onAbort(sent::cancel);
        }
        CallAbort abort = CallAbort.current();
        if (abort != null) {
            abort.inFlight(sent::cancel);
        }
        try (ClassicHttpResponse response = client.executeOpen(null, sent, null)) {
            HttpEntity entity = response.getEntity();
            requireSuccess(response, sent);
            listener.onOpen(SuccessfulHttpResponse.builder().statusCode(response.getCode()).headers(headers(response)).build());
            if (entity != null) {
                try (ProviderInput in = new ProviderInput(entity.getContent(), sent, maxResponseBytes)) {
                    parser.parse(in, listener);
                }
            }
            listener.onClose();
        } catch (IOException | RuntimeException e) {
            listener.onError(e instanceof IOException io ? translate(io) : e);
        } finally {
            if (call != null) {
                call.onAbort(null);
            }
            if (abort != null) {
                abort.inFlight(null);
            }
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    private static HttpUriRequestBase toApache(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            // only LangChain4j's audio and image models send multipart forms; Agentry calls chat models
            throw new IllegalArgumentException("multipart requests are not supported by the model transport");
        }
        HttpUriRequestBase sent = new HttpUriRequestBase(request.method().name(), URI.create(request.url()));
        String contentType = null;
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (header.getValue() == null) {
                continue;
            }
            for (String value : header.getValue()) {
                if (header.getKey().equalsIgnoreCase("Content-Type")) {
                    contentType = value;
                } else if (!header.getKey().equalsIgnoreCase("Content-Length")) {
                    sent.addHeader(header.getKey(), value);
                }
            }
        }
        if (request.body() != null) {
            ContentType type = contentType == null ? ContentType.APPLICATION_JSON : ContentType.parse(contentType);
            sent.setEntity(new StringEntity(request.body(), type.getCharset() == null ? type.withCharset(StandardCharsets.UTF_8) : type));
        }
        return sent;
    }

    /**
     * Notes a 429's or 503's Retry-After for the model call in this thread, then fails on any
     * non-2xx with the start of the error body (which {@link ProviderFailure} reads the error's
     * code from, and never hands to a caller).
     */
    private static void requireSuccess(ClassicHttpResponse response, HttpUriRequestBase sent) throws IOException {
        int status = response.getCode();
        RetryAfter.record(status, name -> {
            Header h = response.getFirstHeader(name);
            return h == null ? null : h.getValue();
        });
        if (status < 200 || status >= 300) {
            String start;
            try {
                start = text(response.getEntity(), sent, MAX_ERROR_BYTES);
            } catch (ResponseTooLarge longer) {
                start = "";
            }
            throw new HttpException(status, start);
        }
    }

    /**
     * A whole answer, in UTF-8 as providers' JSON is; past {@code max} bytes the call is cancelled
     * (the rest is never read) and fails.
     */
    private static String text(HttpEntity entity, HttpUriRequestBase sent, long max) throws IOException {
        if (entity == null) {
            return "";
        }
        try (ProviderInput in = new ProviderInput(entity.getContent(), sent, max)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, List<String>> headers(ClassicHttpResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header h : response.getHeaders()) {
            headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
        }
        return headers;
    }

    private static RuntimeException translate(IOException e) {
        return e instanceof SocketTimeoutException ? new TimeoutException(e) : new UncheckedIOException(e);
    }

    /**
     * An answer's bytes, at most {@code max} of them: closed before their end, the connection is
     * dropped rather than read to the end, which stops the generation.
     */
    private static final class ProviderInput extends FilterInputStream {
        private final HttpUriRequestBase request;
        private final long max;
        private long count;
        private boolean ended;

        ProviderInput(InputStream in, HttpUriRequestBase request, long max) {
            super(in);
            this.request = request;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            ended |= n < 0;
            count(Math.max(0, n));
            return n;
        }

        private void count(int n) throws ResponseTooLarge {
            count += n;
            if (count > max) {
                throw new ResponseTooLarge(max);
            }
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                request.cancel();
            }
            super.close();
        }
    }

    /** The connection pool, over {@link ProviderSocket}s. */
    private static final class ProviderConnections extends PoolingHttpClientConnectionManagerBuilder {
        @Override
        protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver ports, DnsResolver dns,
                                                                        TlsSocketStrategy tls) {
            return new DefaultHttpClientConnectionOperator(proxy -> proxy == null ? new ProviderSocket() : new ProviderSocket(proxy),
                    ports, dns, RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tls).build());
        }
    }
}
