package io.agentry.webhooks;

import io.agentry.http.GuardedDnsResolver;
import io.agentry.http.OutboundUrls;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs webhook messages. The receiver's address is checked when the connection is made (the
 * resolver refuses private and loopback addresses as {@link OutboundUrls} does, so a name that
 * resolves elsewhere since it was saved gets nowhere); redirects are never followed; an attempt
 * takes at most 15 seconds. The receiver's answer is read only for its status and Retry-After:
 * nothing it says flows back to anyone.
 */
@ApplicationScoped
public class WebhookSender {

    static final Timeout LIMIT = Timeout.ofSeconds(15);

    @Inject
    OutboundUrls outboundUrls;

    /** Of a receiver's answer, at most this much is skipped to keep the connection. */
    private static final int MAX_SKIPPED_BYTES = 16 * 1024;

    private CloseableHttpClient client;

    /** What a receiver answered: its status and, for 429 or 503, the seconds it asked to wait. */
    public record Answer(int status, Long retryAfterSeconds) {
    }

    @PostConstruct
    void init() {
        DnsResolver guarded = new GuardedDnsResolver(outboundUrls);
        client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(guarded)
                        .setMaxConnTotal(512)
                        .setMaxConnPerRoute(64)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(LIMIT).setSocketTimeout(LIMIT).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(LIMIT).setConnectionRequestTimeout(LIMIT)
                        .setHardCancellationEnabled(true).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent("Agentry-Webhooks/1")
                .build();
    }

    /** Sends one attempt; {@code abort} receives what cancels it from another thread. */
    public Answer post(String url, Map<String, String> headers, byte[] body, java.util.function.Consumer<Runnable> abort)
            throws IOException {
        HttpPost post = new HttpPost(URI.create(url));
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        abort.accept(post::cancel);
        try (ClassicHttpResponse response = client.executeOpen(null, post, null)) {
            skipSmallBody(response, post);
            Header retryAfter = response.getFirstHeader("Retry-After");
            return new Answer(response.getCode(), retryAfter == null ? null : seconds(retryAfter.getValue()));
        }
    }

    /**
     * A receiver's answer body is never looked at: a short one is skipped so the connection can
     * serve the next delivery, a longer (or endless) one drops the connection instead of being read.
     */
    private static void skipSmallBody(ClassicHttpResponse response, HttpPost post) {
        org.apache.hc.core5.http.HttpEntity entity = response.getEntity();
        if (entity == null) {
            return;
        }
        try (java.io.InputStream in = entity.getContent()) {
            if (in.skip(MAX_SKIPPED_BYTES) >= MAX_SKIPPED_BYTES || in.read() >= 0) {
                post.cancel();
            }
        } catch (IOException e) {
            post.cancel();
        }
    }

    /** Retry-After in seconds, or as an HTTP date; null when unreadable. */
    static Long seconds(String value) {
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(value.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, java.time.Duration.between(java.time.Instant.now(), at.toInstant()).toSeconds());
            } catch (java.time.format.DateTimeParseException notDate) {
                return null;
            }
        }
    }

    @PreDestroy
    void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // closing at stop
        }
    }
}
