package io.agentry.webhooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void signsTheSpecificationsTestVector() {
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSigner.sign(
                WebhookSigner.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, body));
    }

    @Test
    void whatItSignsTheReferenceLibraryVerifies() throws Exception {
        String secret = WebhookSigner.newSecret();
        assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{43}="), secret);
        assertNotEquals(secret, WebhookSigner.newSecret());
        String body = "{\"type\":\"task.completed\",\"data\":{\"task_id\":\"t1\"}}";
        long now = System.currentTimeMillis() / 1000;
        String signature = WebhookSigner.sign(WebhookSigner.key(secret), "msg_1", now, body.getBytes(StandardCharsets.UTF_8));
        HttpHeaders headers = HttpHeaders.of(Map.of("webhook-id", List.of("msg_1"), "webhook-timestamp", List.of(Long.toString(now)),
                "webhook-signature", List.of(signature)), (a, b) -> true);
        new Webhook(secret).verify(body, headers);
    }

    @Test
    void aSecretWithoutThePrefixIsUsedAsItsBytes() {
        assertArrayEquals("plain-secret".getBytes(StandardCharsets.UTF_8), WebhookSigner.key("plain-secret"));
        assertArrayEquals("whsec_not base64!".getBytes(StandardCharsets.UTF_8), WebhookSigner.key("whsec_not base64!"));
    }

    @Test
    void eventNamesAcceptTheSeedsSpelling() {
        assertEquals("task.completed", WebhookEvents.canonical("task_completed").orElseThrow());
        assertEquals("task.completed", WebhookEvents.canonical("TASK.COMPLETED").orElseThrow());
        assertEquals("run.failed", WebhookEvents.canonical(" run_failed ").orElseThrow());
        assertEquals("*", WebhookEvents.canonical("*").orElseThrow());
        assertTrue(WebhookEvents.canonical("task.exploded").isEmpty());
        assertTrue(WebhookEvents.canonical("task_").isEmpty());
        assertTrue(WebhookEvents.canonical(null).isEmpty());
    }

    @Test
    void theRetryScheduleIsReadFromTheSetting() {
        assertEquals(List.of(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(2),
                java.time.Duration.ofHours(12), java.time.Duration.ofDays(1)), WebhookSettings.parse("200ms, 5s,2m,12h,1d"));
        for (String bad : List.of("5", "5x", "s", "", "-1s,", "1.5s")) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> WebhookSettings.parse(bad), bad);
        }
    }
}
