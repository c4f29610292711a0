package io.agentry.sdk.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.sdk.core.Json;
import io.agentry.sdk.errors.WebhookVerificationException;
import io.agentry.sdk.errors.WebhookVerificationException.Reason;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies the webhook messages Agentry sends, as the Standard Webhooks specification defines
 * them, so a receiver acts only on messages that Agentry signed with the subscription's secret
 * and that are recent (a captured message cannot be replayed later).
 *
 * <pre>{@code
 * // in the receiver, with the raw body exactly as it arrived (not re-serialized JSON)
 * WebhookEvent event = Webhooks.verify(body, request.headers(), secret);   // or answer 400 on WebhookVerificationException
 * if (event.type().equals("task.completed")) { ... event.data().path("task_id").asText() ... }
 * }</pre>
 *
 * A message is accepted when its {@code webhook-signature} header holds a {@code v1,<base64>}
 * entry equal to the HMAC-SHA256 of {@code <webhook-id>.<webhook-timestamp>.<body>}, and its
 * {@code webhook-timestamp} is within the tolerance of now (default {@link #DEFAULT_TOLERANCE})
 * either way.
 */
public final class Webhooks {

    /** How far a message's signing time may be from the receiver's clock: the specification's five minutes. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String SECRET_PREFIX = "whsec_";

    private Webhooks() {
    }

    /**
     * Verifies a message and returns it parsed.
     *
     * @param body    the request body exactly as received
     * @param headers the request headers; names are matched ignoring case
     * @param secret  the subscription's signing secret ({@code whsec_...})
     * @throws WebhookVerificationException when the message must not be trusted
     */
    public static WebhookEvent verify(String body, Map<String, List<String>> headers, String secret) {
        return verify(body, headers, secret, DEFAULT_TOLERANCE);
    }

    /** As {@link #verify(String, Map, String)}, with headers as the JDK's HTTP client and server hold them. */
    public static WebhookEvent verify(String body, HttpHeaders headers, String secret) {
        return verify(body, headers.map(), secret, DEFAULT_TOLERANCE);
    }

    /** As {@link #verify(String, HttpHeaders, String)}, with another tolerance. */
    public static WebhookEvent verify(String body, HttpHeaders headers, String secret, Duration tolerance) {
        return verify(body, headers.map(), secret, tolerance);
    }

    /**
     * As {@link #verify(String, Map, String)}, with another tolerance: how far the message's
     * {@code webhook-timestamp} may be from now, in the past or the future.
     */
    public static WebhookEvent verify(String body, Map<String, List<String>> headers, String secret, Duration tolerance) {
        return verify(body, headers, secret, tolerance, Clock.systemUTC());
    }

    /** The seam tests use: "now" is the clock's. */
    static WebhookEvent verify(String body, Map<String, List<String>> headers, String secret, Duration tolerance, Clock clock) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative");
        }
        byte[] key = key(secret);
        String id = header(headers, "webhook-id");
        String timestampText = header(headers, "webhook-timestamp");
        String signatures = header(headers, "webhook-signature");

        long timestamp;
        try {
            timestamp = Long.parseLong(timestampText.strip());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException(Reason.INVALID_TIMESTAMP,
                    "webhook-timestamp is not a number of seconds: '" + abbreviate(timestampText) + "'");
        }
        long now = clock.instant().getEpochSecond();
        long toleranceSeconds = tolerance.getSeconds();
        if (timestamp < now - toleranceSeconds) {
            throw new WebhookVerificationException(Reason.TIMESTAMP_TOO_OLD, "the message was signed " + (now - timestamp)
                    + " s ago, longer than the tolerance of " + toleranceSeconds + " s");
        }
        if (timestamp > now + toleranceSeconds) {
            throw new WebhookVerificationException(Reason.TIMESTAMP_TOO_NEW, "the message is signed " + (timestamp - now)
                    + " s in the future, more than the tolerance of " + toleranceSeconds + " s");
        }

        byte[] expected = hmac(key, id, timestampText.strip(), body);
        boolean matched = false;
        for (String entry : signatures.strip().split("\\s+")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                continue; // another scheme (v1a: asymmetric) or not a signature at all
            }
            byte[] candidate;
            try {
                candidate = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            // every entry is compared, in constant time, so the time taken says nothing about the secret
            matched |= MessageDigest.isEqual(expected, candidate);
        }
        if (!matched) {
            throw new WebhookVerificationException(Reason.NO_MATCHING_SIGNATURE,
                    "no v1 signature in webhook-signature matches the message (wrong secret, or a changed id, timestamp or body)");
        }
        return parse(id, body);
    }

    /**
     * The {@code webhook-signature} value Agentry would send for a message: {@code v1,} and the
     * base64 HMAC-SHA256 of {@code <msgId>.<timestamp>.<body>}. For tests of a receiver.
     */
    public static String sign(String secret, String msgId, long timestamp, String body) {
        Objects.requireNonNull(msgId, "msgId");
        Objects.requireNonNull(body, "body");
        return "v1," + Base64.getEncoder().encodeToString(hmac(key(secret), msgId, Long.toString(timestamp), body));
    }

    /**
     * The HMAC key of a secret: a {@code whsec_} secret's base64 part decoded; any other value, or
     * one that is not base64 after the prefix, as its UTF-8 bytes (as the server keys it).
     */
    static byte[] key(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the webhook secret must not be blank");
        }
        if (secret.startsWith(SECRET_PREFIX)) {
            try {
                byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
                if (key.length > 0) {
                    return key;
                }
            } catch (IllegalArgumentException notBase64) {
                // the whole text is the key
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] key, String id, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available: " + e.getMessage(), e); // every JDK has it
        }
    }

    /** A header's values joined with spaces (a signature header may come split), names ignoring case. */
    private static String header(Map<String, List<String>> headers, String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
                for (String v : e.getValue()) {
                    if (v != null && !v.isBlank()) {
                        values.add(v.strip());
                    }
                }
            }
        }
        if (values.isEmpty()) {
            throw new WebhookVerificationException(Reason.MISSING_HEADER, "the " + name + " header is missing");
        }
        return name.equals("webhook-signature") ? String.join(" ", values) : values.get(0);
    }

    private static WebhookEvent parse(String id, String body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new WebhookVerificationException(Reason.INVALID_BODY, "the signed body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new WebhookVerificationException(Reason.INVALID_BODY, "the signed body is not a JSON object");
        }
        JsonNode type = root.get("type");
        JsonNode data = root.get("data");
        return new WebhookEvent(id, type != null && type.isTextual() ? type.asText() : null, timestamp(root.get("timestamp")),
                data == null || data.isNull() ? null : data);
    }

    private static OffsetDateTime timestamp(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText());
        } catch (DateTimeParseException e) {
            return null; // the signature matched: an odd timestamp does not make the message untrustworthy
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
