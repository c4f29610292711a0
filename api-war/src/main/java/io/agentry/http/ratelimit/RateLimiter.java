package io.agentry.http.ratelimit;

import io.agentry.db.Database;
import io.agentry.db.Dialect;
import io.agentry.http.ApiException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Per-organization request budgets per minute (Bucket4j, intervally refilled like a fixed window).
 * Fails closed: if the shared budget cannot be read the request gets a 503, never a free pass.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());

    @Inject
    Database database;

    private volatile BucketStore store;
    private final Map<UUID, Entry> buckets = new ConcurrentHashMap<>();

    private record Entry(long limit, Bucket bucket) {
    }

    private BucketStore store() {
        BucketStore s = store;
        if (s == null) {
            synchronized (this) {
                if (store == null) {
                    store = database.dialect() == Dialect.POSTGRESQL
                            ? new PostgresBucketStore(database.unsharedDataSource()) : new LocalBucketStore();
                }
                s = store;
            }
        }
        return s;
    }

    private static BucketConfiguration configuration(long perMinute) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillIntervally(perMinute, Duration.ofMinutes(1)).build())
                .build();
    }

    public RateLimitDecision consume(UUID organizationId, long perMinute) {
        Entry entry = buckets.get(organizationId);
        if (entry == null || entry.limit() != perMinute) {
            entry = buckets.compute(organizationId, (id, old) -> {
                if (old != null && old.limit() == perMinute) {
                    return old;
                }
                BucketConfiguration configuration = configuration(perMinute);
                Bucket bucket = store().bucket("org:" + id, configuration, perMinute);
                if (old != null) { // plan or override changed: what was used so far still counts
                    bucket.replaceConfiguration(configuration, TokensInheritanceStrategy.ADDITIVE);
                }
                return new Entry(perMinute, bucket);
            });
        }
        ConsumptionProbe probe;
        try {
            probe = entry.bucket().tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            if (io.agentry.db.SqlErrors.isUnavailable(e)) { // a database restart: one line, the client retries
                LOG.warning(() -> "Rate-limit store unavailable: " + e);
                throw ApiException.databaseUnavailable();
            }
            LOG.log(Level.WARNING, "Rate-limit store unavailable", e);
            throw ApiException.unavailable("the rate limiter is unavailable; retry shortly");
        }
        long nowMillis = System.currentTimeMillis();
        long reset = (nowMillis + probe.getNanosToWaitForReset() / 1_000_000 + 999) / 1000;
        long retryAfter = probe.isConsumed() ? 0 : Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000);
        return new RateLimitDecision(probe.isConsumed(), perMinute, probe.getRemainingTokens(), reset, retryAfter);
    }
}
