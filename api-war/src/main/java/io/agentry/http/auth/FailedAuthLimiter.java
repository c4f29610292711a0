package io.agentry.http.auth;

import io.agentry.http.ApiException;
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

    /** Refuses with 429 an address that has used up its failures for now. */
    public void checkAllowed(String address) {
        Bucket bucket = failures.get(address);
        if (bucket != null && bucket.getAvailableTokens() <= 0) {
            long wait = (bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000;
            throw ApiException.rateLimited("too many failed authentications from this address", Math.max(1, wait));
        }
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
