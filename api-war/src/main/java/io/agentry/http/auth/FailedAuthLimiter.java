package io.agentry.http.auth;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Failed authentications per client address (per instance). Once an address has failed
 * {@code agentry.auth.failures.per.minute} times (default 120) in a minute, credentials this
 * instance does not already know are refused with 429 without a database lookup, so guessing
 * tokens cannot load the database. Credentials already verified keep working from that address.
 */
@ApplicationScoped
public class FailedAuthLimiter {

    private static final int MAX_ADDRESSES = 10_000;

    @Inject
    @ConfigProperty(name = "agentry.auth.failures.per.minute", defaultValue = "120")
    long perMinute;

    private final Map<String, Bucket> failures = new ConcurrentHashMap<>();

    /** Seconds to wait before this address may try unknown credentials again; 0 if it may now. */
    public long blockedForSeconds(String address) {
        Bucket bucket = failures.get(address);
        if (bucket == null || bucket.getAvailableTokens() > 0) {
            return 0;
        }
        return Math.max(1, (bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000);
    }

    public void recordFailure(String address) {
        if (failures.size() >= MAX_ADDRESSES) {
            failures.clear();
        }
        failures.computeIfAbsent(address, a -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build()).tryConsume(1);
    }
}
