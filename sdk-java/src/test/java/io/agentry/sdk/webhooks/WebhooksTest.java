package io.agentry.sdk.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.sdk.errors.AgentryException;
import io.agentry.sdk.errors.WebhookVerificationException;
import io.agentry.sdk.errors.WebhookVerificationException.Reason;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Standard Webhooks verification: the specification's test vector, and each way a message must
 * be refused. Time comes from a fixed clock (the package-private seam), so nothing depends on when
 * the test runs.
 */
class WebhooksTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    private static Map<String, List<String>> headers(String id, String timestamp, String signature) {
        Map<String, List<String>> h = new HashMap<>();
        if (id != null) {
            h.put("webhook-id", List.of(id));
        }
        if (timestamp != null) {
            h.put("webhook-timestamp", List.of(timestamp));
        }
        if (signature != null) {
            h.put("webhook-signature", List.of(signature));
        }
        return h;
    }

    private static Map<String, List<String>> vector() {
        return headers(ID, Long.toString(TIMESTAMP), SIGNATURE);
    }

    private static WebhookEvent verifyAt(long now, String body, Map<String, List<String>> headers, String secret) {
        return Webhooks.verify(body, headers, secret, Webhooks.DEFAULT_TOLERANCE, at(now));
    }

    private static Reason refused(long now, String body, Map<String, List<String>> headers, String secret) {
        return assertThrows(WebhookVerificationException.class, () -> verifyAt(now, body, headers, secret)).reason();
    }

    @Test
    void theSpecificationsTestVectorVerifies() {
        WebhookEvent event = verifyAt(TIMESTAMP, BODY, vector(), SECRET);
        assertEquals(ID, event.id());
        assertNull(event.type(), "the vector's body has no type");
        assertNull(event.data());
        // within the tolerance on either side
        verifyAt(TIMESTAMP + 300, BODY, vector(), SECRET);
        verifyAt(TIMESTAMP - 300, BODY, vector(), SECRET);
        // and signing gives the vector's signature
        assertEquals(SIGNATURE, Webhooks.sign(SECRET, ID, TIMESTAMP, BODY));
    }

    @Test
    void aTamperedBodyIdOrTimestampIsRefused() {
        assertEquals(Reason.NO_MATCHING_SIGNATURE, refused(TIMESTAMP, "{\"test\": 2432232315}", vector(), SECRET));
        assertEquals(Reason.NO_MATCHING_SIGNATURE, refused(TIMESTAMP, BODY + " ", vector(), SECRET), "not even whitespace may change");
        assertEquals(Reason.NO_MATCHING_SIGNATURE,
                refused(TIMESTAMP, BODY, headers("msg_p5jXN8AQM9LWM0D4loKWxJel", Long.toString(TIMESTAMP), SIGNATURE), SECRET));
        assertEquals(Reason.NO_MATCHING_SIGNATURE,
                refused(TIMESTAMP, BODY, headers(ID, Long.toString(TIMESTAMP + 1), SIGNATURE), SECRET));
    }

    @Test
    void anotherSecretIsRefused() {
        assertEquals(Reason.NO_MATCHING_SIGNATURE, refused(TIMESTAMP, BODY, vector(), "whsec_" + Base64.getEncoder().encodeToString(
                "another key of thirty-two bytes!".getBytes(StandardCharsets.UTF_8))));
        assertEquals(Reason.NO_MATCHING_SIGNATURE, refused(TIMESTAMP, BODY, vector(), "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                "without the prefix the text itself is the key");
        assertThrows(IllegalArgumentException.class, () -> verifyAt(TIMESTAMP, BODY, vector(), " "));
    }

    @Test
    void aStaleOrFutureTimestampIsRefusedEvenWithAValidSignature() {
        assertEquals(Reason.TIMESTAMP_TOO_OLD, refused(TIMESTAMP + 301, BODY, vector(), SECRET));
        assertEquals(Reason.TIMESTAMP_TOO_NEW, refused(TIMESTAMP - 301, BODY, vector(), SECRET));
        // the public methods use the real clock: the vector, signed in 2021, is long stale
        WebhookVerificationException e = assertThrows(WebhookVerificationException.class, () -> Webhooks.verify(BODY, vector(), SECRET));
        assertEquals(Reason.TIMESTAMP_TOO_OLD, e.reason());
        assertTrue(e.getMessage().contains("tolerance of 300 s"), e.getMessage());
        // a wider tolerance accepts it
        Webhooks.verify(BODY, vector(), SECRET, Duration.ofDays(365L * 200));
        assertEquals(Reason.TIMESTAMP_TOO_OLD, assertThrows(WebhookVerificationException.class,
                () -> Webhooks.verify(BODY, vector(), SECRET, Duration.ofMinutes(10), at(TIMESTAMP + 601))).reason());
        assertEquals(Reason.INVALID_TIMESTAMP, refused(TIMESTAMP, BODY, headers(ID, "2021-02-25T15:02:10Z", SIGNATURE), SECRET));
        assertThrows(IllegalArgumentException.class, () -> Webhooks.verify(BODY, vector(), SECRET, Duration.ofSeconds(-1)));
    }

    @Test
    void anyOfSeveralSignaturesMayMatch() {
        String wrong = "v1," + Base64.getEncoder().encodeToString(new byte[32]);
        verifyAt(TIMESTAMP, BODY, headers(ID, Long.toString(TIMESTAMP), wrong + " " + SIGNATURE), SECRET);
        verifyAt(TIMESTAMP, BODY, headers(ID, Long.toString(TIMESTAMP), "v1a,c2lnbmF0dXJl v2,abc not-a-signature " + SIGNATURE), SECRET);
        // the same signature under another version is not a v1 signature
        assertEquals(Reason.NO_MATCHING_SIGNATURE, refused(TIMESTAMP, BODY,
                headers(ID, Long.toString(TIMESTAMP), wrong + " " + SIGNATURE.replace("v1,", "v2,")), SECRET));
        // two header lines count as one list
        Map<String, List<String>> split = vector();
        split.put("webhook-signature", List.of(wrong, SIGNATURE));
        verifyAt(TIMESTAMP, BODY, split, SECRET);
        assertEquals(Reason.NO_MATCHING_SIGNATURE, refused(TIMESTAMP, BODY, headers(ID, Long.toString(TIMESTAMP), wrong), SECRET));
    }

    @Test
    void eachMissingHeaderIsNamed() {
        String ts = Long.toString(TIMESTAMP);
        WebhookVerificationException noId = assertThrows(WebhookVerificationException.class,
                () -> verifyAt(TIMESTAMP, BODY, headers(null, ts, SIGNATURE), SECRET));
        assertEquals(Reason.MISSING_HEADER, noId.reason());
        assertTrue(noId.getMessage().contains("webhook-id"), noId.getMessage());
        WebhookVerificationException noTimestamp = assertThrows(WebhookVerificationException.class,
                () -> verifyAt(TIMESTAMP, BODY, headers(ID, null, SIGNATURE), SECRET));
        assertTrue(noTimestamp.getMessage().contains("webhook-timestamp"), noTimestamp.getMessage());
        WebhookVerificationException noSignature = assertThrows(WebhookVerificationException.class,
                () -> verifyAt(TIMESTAMP, BODY, headers(ID, ts, " "), SECRET));
        assertEquals(Reason.MISSING_HEADER, noSignature.reason());
        assertTrue(noSignature.getMessage().contains("webhook-signature"), noSignature.getMessage());
        assertEquals(Reason.MISSING_HEADER, refused(TIMESTAMP, BODY, Map.of(), SECRET));
        assertTrue(noSignature instanceof AgentryException, "unchecked, like every SDK error");
    }

    @Test
    void headerNamesIgnoreCaseAndJdkHeadersWork() {
        Map<String, List<String>> mixed = new HashMap<>();
        mixed.put("Webhook-Id", List.of(ID));
        mixed.put("WEBHOOK-TIMESTAMP", List.of(Long.toString(TIMESTAMP)));
        mixed.put("Webhook-Signature", List.of(SIGNATURE));
        mixed.put(null, List.of("HTTP/1.1 200 OK")); // as HttpURLConnection reports the status line
        assertEquals(ID, verifyAt(TIMESTAMP, BODY, mixed, SECRET).id());

        HttpHeaders jdk = HttpHeaders.of(Map.of("Webhook-Id", List.of(ID), "Webhook-Timestamp", List.of(Long.toString(TIMESTAMP)),
                "Webhook-Signature", List.of(SIGNATURE)), (name, value) -> true);
        assertEquals(ID, Webhooks.verify(BODY, jdk, SECRET, Duration.ofDays(365L * 200)).id());
    }

    @Test
    void aDeliveryIsParsedIntoItsTypeTimestampAndData() throws Exception {
        String secret = "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        String body = "{\"type\":\"task.completed\",\"timestamp\":\"2026-11-23T10:00:00.5Z\","
                + "\"data\":{\"task_id\":\"t1\",\"status\":\"completed\",\"result_full\":\"Looks good.\",\"cost_usd\":0.0003}}";
        long now = 1795428000L;
        // signed independently of the SDK: HMAC-SHA256 keyed with the base64-decoded secret
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal(("msg_1." + now + "." + body).getBytes(StandardCharsets.UTF_8)));
        WebhookEvent event = verifyAt(now, body, headers("msg_1", Long.toString(now), signature), secret);
        assertEquals("msg_1", event.id());
        assertEquals("task.completed", event.type());
        assertEquals(OffsetDateTime.parse("2026-11-23T10:00:00.5Z"), event.timestamp());
        assertEquals("Looks good.", event.data().path("result_full").asText());

        assertEquals(Reason.INVALID_BODY, refused(now, "not json", headers("msg_1", Long.toString(now),
                Webhooks.sign(secret, "msg_1", now, "not json")), secret));
    }

    @Test
    void aSecretWithoutThePrefixOrNotBase64IsItsUtf8Bytes() throws Exception {
        for (String secret : List.of("plain-secret", "whsec_not base64!")) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = "v1," + Base64.getEncoder().encodeToString(
                    mac.doFinal((ID + "." + TIMESTAMP + "." + BODY).getBytes(StandardCharsets.UTF_8)));
            assertEquals(signature, Webhooks.sign(secret, ID, TIMESTAMP, BODY), secret);
            assertEquals(ID, verifyAt(TIMESTAMP, BODY, headers(ID, Long.toString(TIMESTAMP), signature), secret).id());
        }
    }
}
