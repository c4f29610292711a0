package io.agentry.http.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Buckets in PostgreSQL (table rate_limit_buckets, guarded by advisory locks) so every instance
 * draws on one budget per organization.
 *
 * <p>Budgets up to {@link #EXACT_UP_TO_PER_MINUTE} are checked against the shared row on every
 * request: exact across instances, and the round trips are bounded by the budget itself (at most
 * 20 a second per organization). Larger budgets use Bucket4j's delaying optimization: each
 * instance decides locally and writes consumed tokens back after 5% of the budget or 250 ms,
 * whichever comes first, so a busy organization's requests cost no database round trip; several
 * instances may then overshoot by up to 5% of the budget each.
 */
final class PostgresBucketStore implements BucketStore {

    static final Duration MAX_UNSYNCED_TIME = Duration.ofMillis(250);
    static final long EXACT_UP_TO_PER_MINUTE = 1200;

    private final ProxyManager<String> proxyManager;

    PostgresBucketStore(DataSource dataSource) {
        this.proxyManager = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .build();
    }

    @Override
    public Bucket bucket(String key, BucketConfiguration configuration, long limitPerMinute) {
        var builder = proxyManager.builder();
        if (limitPerMinute > EXACT_UP_TO_PER_MINUTE) {
            builder = builder.withOptimization(Optimizations.delaying(
                    new DelayParameters(limitPerMinute / 20, MAX_UNSYNCED_TIME)));
        }
        Bucket bucket = builder.build(key, () -> configuration);
        var stored = proxyManager.getProxyConfiguration(key);
        if (stored.isEmpty()) {
            // Stored now, unbatched: the delaying optimization batches an organization's concurrent
            // first requests, and a batch on a bucket not yet stored fails (BucketNotFoundException)
            // where a single command would have created it.
            proxyManager.builder().build(key, () -> configuration).getAvailableTokens();
        } else if (stored.get().getBandwidths()[0].getCapacity() != limitPerMinute) {
            // a limit from before a plan change made while this instance was down
            bucket.replaceConfiguration(configuration, TokensInheritanceStrategy.ADDITIVE);
        }
        return bucket;
    }
}
