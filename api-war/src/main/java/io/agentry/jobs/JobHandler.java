package io.agentry.jobs;

/**
 * Runs the jobs of one kind. Implementations are CDI beans; the engine finds them all and runs
 * at most {@link #concurrency()} of their jobs at a time on each server.
 *
 * <p>{@link #run} may be called again for the same job after a crash (at least once): it must
 * be safe to repeat, and it writes its result through {@link JobContext#complete}, which lands
 * only while this worker still holds the job. No database transaction is open while it runs.
 */
public interface JobHandler {

    String kind();

    /** One attempt. Returning means done; a {@link JobFailure} (or any exception) means it failed. */
    void run(JobContext job) throws Exception;

    /**
     * The attempt failed and the job will run again after {@code delayMillis}: in the transaction
     * that puts it back in the queue (say so on the job's row).
     */
    default void onRetry(JobContext job, String reason, long delayMillis) {
    }

    /**
     * The job will not run again (out of attempts, or a permanent failure): in the transaction
     * that removes it (record the failure on the job's row).
     */
    default void onGiveUp(JobContext job, String reason) {
    }

    default RetryPolicy retryPolicy() {
        return RetryPolicy.exponential(java.time.Duration.ofSeconds(2), java.time.Duration.ofMinutes(5));
    }

    /** False leaves the kind unclaimed on this server (a handler switched off by configuration). */
    default boolean enabled() {
        return true;
    }

    /** Jobs of this kind one server runs at the same time. */
    default int concurrency() {
        return 4;
    }
}
