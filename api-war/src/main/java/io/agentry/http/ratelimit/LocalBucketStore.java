package io.agentry.http.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/** The embedded (single-instance) default: buckets in memory. */
final class LocalBucketStore implements BucketStore {

    @Override
    public Bucket bucket(String key, BucketConfiguration configuration, long limitPerMinute) {
        return Bucket.builder().addLimit(configuration.getBandwidths()[0]).build();
    }
}
