package io.agentry.llm;

/**
 * Lets another thread stop the model calls a thread makes (a task cancelled while its agent
 * runs): bound to the calling thread, it drops the connection of the call in progress and makes
 * every later call, and every retry, fail at once as {@link ProviderFailure.Kind#CANCELLED}.
 */
public final class CallAbort {

    private static final ThreadLocal<CallAbort> CURRENT = new ThreadLocal<>();

    private Runnable inFlight;
    private boolean aborted;

    /** Binds a new handle to the calling thread; {@link #unbind()} when the calls are over. */
    public static CallAbort bind() {
        CallAbort abort = new CallAbort();
        CURRENT.set(abort);
        return abort;
    }

    public void unbind() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }

    static CallAbort current() {
        return CURRENT.get();
    }

    /** Stops the calls: the one in progress loses its connection. */
    public void abort() {
        Runnable drop;
        synchronized (this) {
            aborted = true;
            drop = inFlight;
        }
        if (drop != null) {
            drop.run();
        }
    }

    public synchronized boolean aborted() {
        return aborted;
    }

    /** The transport's way to drop the call it is making; runs at once if already aborted. */
    void inFlight(Runnable drop) {
        boolean now;
        synchronized (this) {
            inFlight = drop;
            now = aborted && drop != null;
        }
        if (now) {
            drop.run();
        }
    }

    /** Throws if the calls were stopped. */
    static void check(Provider provider) {
        CallAbort abort = CURRENT.get();
        if (abort != null && abort.aborted()) {
            throw new ProviderFailure(ProviderFailure.Kind.CANCELLED, null, "the " + provider.wire() + " call was cancelled", null);
        }
    }
}
