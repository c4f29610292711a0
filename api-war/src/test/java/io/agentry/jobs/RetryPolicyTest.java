package io.agentry.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void exponentialBackoffDoublesUpToItsCapWithJitter() {
        RetryPolicy policy = RetryPolicy.exponential(Duration.ofSeconds(2), Duration.ofSeconds(30));
        long[] planned = {2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
        for (int attempt = 1; attempt <= planned.length; attempt++) {
            for (int sample = 0; sample < 200; sample++) {
                long delay = policy.delay(attempt, null).toMillis();
                long p = planned[attempt - 1];
                assertTrue(delay <= p && delay >= p * 3 / 4, "attempt " + attempt + ": " + delay + " ms");
            }
        }
        assertTrue(policy.delay(1000, null).toMillis() <= 30_000, "no overflow far out");
    }

    @Test
    void aScheduleRepeatsItsLastWaitAndARequestedWaitWins() {
        RetryPolicy policy = RetryPolicy.schedule(Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertTrue(policy.delay(1, null).toMillis() <= 1_000);
        assertTrue(policy.delay(2, null).toMillis() >= 7_500);
        assertTrue(policy.delay(9, null).toMillis() >= 7_500 && policy.delay(9, null).toMillis() <= 10_000);
        assertEquals(Duration.ofSeconds(60), policy.delay(1, Duration.ofSeconds(60)), "Retry-After asks for longer");
        assertTrue(policy.delay(2, Duration.ofMillis(10)).toMillis() >= 7_500, "but never for less");
    }
}
