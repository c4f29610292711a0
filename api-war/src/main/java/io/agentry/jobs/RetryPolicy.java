package io.agentry.jobs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed attempt is tried again: exponential backoff from {@code base}, doubling, capped
 * at {@code max}, or an explicit schedule (one delay per retry, the last repeated), each with
 * jitter (the delay is drawn from its upper three quarters, so retries of many jobs that failed
 * together spread out). A receiver's or provider's Retry-After wins when it asks for longer.
 */
public record RetryPolicy(Duration base, Duration max, List<Duration> schedule) {

    public static RetryPolicy exponential(Duration base, Duration max) {
        return new RetryPolicy(base, max, List.of());
    }

    public static RetryPolicy schedule(Duration... delays) {
        return new RetryPolicy(null, null, List.of(delays));
    }

    /** The delay after the {@code failedAttempt}-th attempt failed (1 = the first attempt). */
    public Duration delay(int failedAttempt, Duration requested) {
        Duration planned;
        if (!schedule.isEmpty()) {
            planned = schedule.get(Math.min(schedule.size(), Math.max(1, failedAttempt)) - 1);
        } else {
            long millis = base.toMillis() << Math.min(30, Math.max(0, failedAttempt - 1));
            planned = Duration.ofMillis(Math.min(max.toMillis(), millis < 0 ? Long.MAX_VALUE : millis));
        }
        long jittered = planned.toMillis() - (long) (planned.toMillis() * 0.25 * ThreadLocalRandom.current().nextDouble());
        Duration delay = Duration.ofMillis(jittered);
        return requested != null && requested.compareTo(delay) > 0 ? requested : delay;
    }
}
