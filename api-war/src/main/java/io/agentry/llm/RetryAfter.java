package io.agentry.llm;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The wait a provider asked for on its last 429 or 503 ({@code Retry-After}, or OpenAI's
 * {@code retry-after-ms}). LangChain4j's exceptions carry only the status and body, so
 * {@link BlockingTransport}, which sends in the calling thread, writes the header into the holder
 * of the model call running in that thread.
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

    /** Notes what a 429 or 503 answer to this thread's call said of retrying. */
    static void record(int status, Function<String, String> header) {
        AtomicReference<Duration> holder = CURRENT.get();
        if (holder == null || (status != 429 && status != 503)) {
            return;
        }
        parse(Optional.ofNullable(header.apply("retry-after-ms")), Optional.ofNullable(header.apply("retry-after")))
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
