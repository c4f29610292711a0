package io.agentry.jobs;

import java.time.Duration;

/**
 * How a handler says an attempt failed: {@link #retry} (the job's retry policy decides when, or
 * {@code after} says, e.g. a receiver's Retry-After) or {@link #permanent} (no further attempt).
 * Any other exception a handler throws counts as a failure that may pass.
 */
public class JobFailure extends RuntimeException {

    private final boolean permanent;
    private final Duration after;

    private JobFailure(String reason, boolean permanent, Duration after, Throwable cause) {
        super(reason, cause);
        this.permanent = permanent;
        this.after = after;
    }

    public static JobFailure retry(String reason) {
        return new JobFailure(reason, false, null, null);
    }

    public static JobFailure retry(String reason, Throwable cause) {
        return new JobFailure(reason, false, null, cause);
    }

    /** Retry no sooner than {@code after} (still within the job's attempts). */
    public static JobFailure retryAfter(String reason, Duration after) {
        return new JobFailure(reason, false, after, null);
    }

    public static JobFailure permanent(String reason) {
        return new JobFailure(reason, true, null, null);
    }

    public static JobFailure permanent(String reason, Throwable cause) {
        return new JobFailure(reason, true, null, cause);
    }

    public boolean isPermanent() {
        return permanent;
    }

    /** The earliest time of the next attempt the failure asks for, or null. */
    public Duration after() {
        return after;
    }
}
