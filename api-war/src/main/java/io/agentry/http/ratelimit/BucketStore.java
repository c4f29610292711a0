package io.agentry.http.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/** Where rate-limit buckets live: in PostgreSQL (shared by all instances) or in this JVM. */
interface BucketStore {

    Bucket bucket(String key, BucketConfiguration configuration, long limitPerMinute);
}
