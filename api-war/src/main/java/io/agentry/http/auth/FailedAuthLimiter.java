package io.agentry.http.auth;

import io.agentry.http.ApiException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Failed authentications per client (per instance), keyed by {@link ClientAddress#key}: the
 * client behind a trusted proxy, an IPv6 client by its /64. Once a client has failed
 * {@code agentry.auth.failures.per.minute} times (default 120) in a minute, credentials this
 * instance has never verified are refused with 429 without a database lookup, so guessing tokens
 * cannot load the database. Credentials verified before keep working from anywhere. The clients
 * tracked are bounded: the least recently seen is forgotten first, never all at once.
 */
@ApplicationScoped
public class FailedAuthLimiter {

    private static final int MAX_ADDRESSES = 100_000;

    @Inject
    @ConfigProperty(name = "agentry.auth.failures.per.minute", defaultValue = "120")
    long perMinute;

    private final Map<String, Bucket> failures = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_ADDRESSES;
        }
    });

    /** Refuses with 429 an address that has used up its failures for now. */
    public void checkAllowed(String address) {
        Bucket bucket = failures.get(address);
        if (bucket != null && bucket.getAvailableTokens() <= 0) {
            long wait = (bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000;
            throw ApiException.rateLimited("too many failed authentications from this address", Math.max(1, wait));
        }
    }

    public void recordFailure(String address) {
        failures.computeIfAbsent(address, a -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build()).tryConsume(1);
    }
}
