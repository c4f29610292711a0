package io.agentry.sdk.core;

import io.agentry.sdk.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When and how long to wait before trying a request again. Retried: 408, 409, 429, 5xx and
 * failures to get any response. The wait is the server's {@code Retry-After} when it gives one
 * of at most a minute, else exponential backoff min(0.5 s x 2^(n-1), 8 s) shortened by a random
 * jitter of up to 25 % so that many clients do not retry in step.
 */
public final class RetryPolicy {

    static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    private final DoubleSupplier random;

    public RetryPolicy(DoubleSupplier random) {
        this.random = random;
    }

    public static boolean isRetryable(int status) {
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    /** The wait before retry number {@code retry} (1-based), honouring the response's headers. */
    public Duration delay(int retry, HttpResponse response) {
        if (response != null) {
            Optional<Duration> asked = retryAfter(response);
            if (asked.isPresent() && !asked.get().isNegative() && asked.get().compareTo(MAX_RETRY_AFTER) <= 0) {
                return asked.get();
            }
        }
        return backoff(retry);
    }

    Duration backoff(int retry) {
        double seconds = Math.min(0.5 * Math.pow(2, retry - 1), MAX_BACKOFF.toMillis() / 1000.0);
        double jitter = 1 - 0.25 * random.getAsDouble();
        return Duration.ofMillis(Math.round(seconds * jitter * 1000));
    }

    /** {@code Retry-After-Ms}, else {@code Retry-After} as seconds or an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse response) {
        Optional<String> ms = response.header("Retry-After-Ms");
        if (ms.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(ms.get().trim()))));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        Optional<String> value = response.header("Retry-After").map(String::trim);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(value.get()) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Optional.of(Duration.between(ZonedDateTime.now(at.getZone()), at));
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
