package io.agentry.llm;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The wait a provider asked for on its last 429 or 503 ({@code Retry-After}, or OpenAI's
 * {@code retry-after-ms}). LangChain4j's exceptions carry only the status and body, so
 * {@link RetryAfterRecordingClient} writes the header into the holder of the model call that
 * runs in the sending thread.
 */
final class RetryAfter {

    private static final ThreadLocal<AtomicReference<Duration>> CURRENT = new ThreadLocal<>();

    private RetryAfter() {
    }

    /** Starts listening for the calls this thread sends now. */
    static AtomicReference<Duration> listen() {
        AtomicReference<Duration> holder = new AtomicReference<>();
        CURRENT.set(holder);
        return holder;
    }

    static void stop() {
        CURRENT.remove();
    }

    static AtomicReference<Duration> current() {
        return CURRENT.get();
    }

    static void record(AtomicReference<Duration> holder, HttpResponse<?> response) {
        if (holder == null || (response.statusCode() != 429 && response.statusCode() != 503)) {
            return;
        }
        parse(response.headers().firstValue("retry-after-ms"), response.headers().firstValue("retry-after"))
                .ifPresent(holder::set);
    }

    /** OpenAI's retry-after-ms first (the more precise), else Retry-After; what cannot be read is ignored. */
    static Optional<Duration> parse(Optional<String> millis, Optional<String> header) {
        return millis.flatMap(RetryAfter::millis).or(() -> header.flatMap(RetryAfter::secondsOrDate));
    }

    private static Optional<Duration> millis(String value) {
        try {
            double ms = Double.parseDouble(value.trim());
            return ms >= 0 ? Optional.of(Duration.ofMillis((long) ms)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> secondsOrDate(String value) {
        String v = value.trim();
        try {
            if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            }
            Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
