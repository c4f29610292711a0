package io.agentry.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A running job as its handler sees it: what to work on, whether it was cancelled or its lease
 * lost (either way the work should stop: nothing it writes afterwards lands), hooks that abort
 * what it is blocked in, and {@link #complete}, the guarded final write.
 */
public final class JobContext {

    private final JobStore.Claimed job;
    private final JobEngine engine;
    private final List<Runnable> abortHooks = new ArrayList<>();
    private volatile Object note;
    private volatile boolean cancelled;
    private volatile boolean lost;
    private boolean finished;

    JobContext(JobStore.Claimed job, JobEngine engine) {
        this.job = job;
        this.engine = engine;
    }

    public UUID id() { return job.id(); }
    public String kind() { return job.kind(); }
    public UUID subjectId() { return job.subjectId(); }
    public UUID organizationId() { return job.organizationId(); }
    public String payload() { return job.payload(); }
    /** 1 for the first attempt. */
    public int attempt() { return job.attempts(); }
    public int maxAttempts() { return job.maxAttempts(); }
    public boolean isLastAttempt() { return job.attempts() >= job.maxAttempts(); }

    /** Something the handler keeps for its own {@code onRetry} / {@code onGiveUp} (what the attempt saw). */
    public void note(Object value) {
        note = value;
    }

    @SuppressWarnings("unchecked")
    public <T> T note() {
        return (T) note;
    }

    JobStore.Claimed claimed() {
        return job;
    }

    /** Cancellation was asked for (the subject was cancelled): stop, the result would be discarded. */
    public boolean cancelled() {
        return cancelled;
    }

    /** Another server took the job over: stop, the result would be discarded. */
    public boolean lost() {
        return lost;
    }

    public boolean shouldStop() {
        return cancelled || lost;
    }

    /**
     * Registers what aborts the work in progress from another thread (a model call's request, a
     * webhook's connection); runs at once if the job is already stopping.
     */
    public void onAbort(Runnable hook) {
        boolean now;
        synchronized (abortHooks) {
            abortHooks.add(hook);
            now = shouldStop();
        }
        if (now) {
            hook.run();
        }
    }

    public void removeAbort(Runnable hook) {
        synchronized (abortHooks) {
            abortHooks.remove(hook);
        }
    }

    void cancel() {
        cancelled = true;
        abort();
    }

    void lose() {
        lost = true;
        abort();
    }

    private void abort() {
        List<Runnable> hooks;
        synchronized (abortHooks) {
            hooks = List.copyOf(abortHooks);
        }
        for (Runnable hook : hooks) {
            try {
                hook.run();
            } catch (RuntimeException ignored) {
                // an abort that fails leaves the work to end by itself
            }
        }
    }

    /**
     * Writes the job's result: {@code write} runs in one transaction with the job's removal, and
     * only if this worker still holds the job (not cancelled, lease not lost). Returns false, with
     * nothing written, otherwise. The job is done once this returns, whatever the answer.
     */
    public boolean complete(Runnable write) {
        finished = true;
        if (cancelled) {
            return false;
        }
        return engine.finish(this, write);
    }

    boolean finished() {
        return finished;
    }
}
