package io.agentry.chat;

import io.agentry.http.JacksonWriter;
import io.agentry.http.OutboundUrls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * POSTs an asynchronous chat's outcome to the caller's webhook_url, signed so the receiver can
 * check it came from this server and is fresh: {@code X-Agentry-Signature: t=<unix seconds>,
 * v1=<hex HMAC-SHA256 of "<t>.<body>">} with the server's webhook secret. Redirects are not
 * followed and the address is checked again before each attempt (the host may resolve
 * elsewhere by then). Three attempts, 1 s and 4 s apart.
 */
@ApplicationScoped
public class WebhookDelivery {

    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class.getName());
    private static final long[] BACKOFF_MILLIS = {1_000, 4_000};

    @Inject
    @ConfigProperty(name = "agentry.webhooks.secret")
    Optional<String> secret;

    @Inject
    OutboundUrls outboundUrls;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    void requireConfigured() {
        if (secret.isEmpty() || secret.get().isBlank()) {
            throw new io.agentry.http.ApiException(503, "webhooks_not_configured",
                    "asynchronous replies need a webhook signing secret on the server (set AGENTRY_WEBHOOKS_SECRET)");
        }
    }

    void deliver(String url, String event, Object data) {
        String delivery = UUID.randomUUID().toString();
        byte[] body;
        try {
            body = JacksonWriter.MAPPER.writeValueAsBytes(Map.of("event", event, "delivery_id", delivery,
                    "created_at", Instant.now().toString(), "data", data));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (int attempt = 0; attempt <= BACKOFF_MILLIS.length; attempt++) {
            try {
                outboundUrls.check("webhook_url", url);
                long t = Instant.now().getEpochSecond();
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "Agentry-Webhooks/1")
                        .header("X-Agentry-Event", event)
                        .header("X-Agentry-Delivery", delivery)
                        .header("X-Agentry-Signature", "t=" + t + ",v1=" + sign(t, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    return;
                }
                LOG.warning("webhook delivery " + delivery + " (" + event + ") got HTTP " + status + ", attempt " + (attempt + 1));
            } catch (IOException | RuntimeException e) {
                LOG.warning("webhook delivery " + delivery + " (" + event + ") failed: " + e.getMessage() + ", attempt " + (attempt + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (attempt < BACKOFF_MILLIS.length) {
                try {
                    Thread.sleep(BACKOFF_MILLIS[attempt]);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    String sign(long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.orElseThrow().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
