package io.agentry.llm;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One streamed model call and the client output it feeds. Its deltas, flushes and keep-alives
 * are written one at a time (keep-alives come from {@link KeepAlives}' thread); the provider's
 * connection ({@link ProviderSocket}), read in the calling thread, flushes before it waits for
 * more. The first failed write marks the client gone and aborts the provider call: that
 * drops its connection, which stops the generation.
 */
final class StreamingCall {

    private static final ThreadLocal<StreamingCall> CURRENT = new ThreadLocal<>();

    private final ModelCaller.Output output;
    private final long keepAliveNanos;
    private final AtomicBoolean keepAlivePending = new AtomicBoolean();
    private volatile long lastWrite = System.nanoTime();
    private boolean unflushed;
    private boolean open = true;
    private IOException clientGone;
    private Runnable abort;

    StreamingCall(ModelCaller.Output output, long keepAliveNanos) {
        this.output = output;
        this.keepAliveNanos = keepAliveNanos;
    }

    /** The call the transport serves on this thread, if a streamed call is running here. */
    static StreamingCall current() {
        return CURRENT.get();
    }

    void bind() {
        CURRENT.set(this);
    }

    /** Unbinds and closes: no keep-alive is written once this returns. */
    synchronized void end() {
        CURRENT.remove();
        open = false;
        abort = null;
    }

    /** Writes a delta; false if the client is gone (the provider call is then aborted). */
    synchronized boolean delta(String text) {
        if (clientGone != null) {
            return false;
        }
        try {
            output.delta(text);
            unflushed = true;
            lastWrite = System.nanoTime();
            return true;
        } catch (IOException e) {
            gone(e);
            return false;
        }
    }

    /** The transport is about to wait for the provider: what was written goes out now. */
    synchronized void beforeWait() throws IOException {
        if (!unflushed || clientGone != null) {
            return;
        }
        try {
            unflushed = false;
            output.flush();
        } catch (IOException e) {
            gone(e);
            throw e;
        }
    }

    /**
     * True if nothing was written for the keep-alive interval and no keep-alive is pending: the
     * caller is then to run {@link #keepAlive()}. Lock-free, so a scan never waits on a writer.
     */
    boolean claimKeepAlive(long now) {
        return now - lastWrite >= keepAliveNanos && keepAlivePending.compareAndSet(false, true);
    }

    /** Writes a keep-alive comment, unless the call ended or wrote something meanwhile. */
    synchronized void keepAlive() {
        keepAlivePending.set(false);
        if (!open || clientGone != null || System.nanoTime() - lastWrite < keepAliveNanos) {
            return;
        }
        try {
            output.keepAlive();
            lastWrite = System.nanoTime();
        } catch (IOException e) {
            gone(e);
        }
    }

    /** How the transport aborts the call from another thread; null once the call is over. */
    synchronized void onAbort(Runnable abort) {
        this.abort = abort;
        if (abort != null && clientGone != null) {
            abort.run();
        }
    }

    synchronized IOException clientGone() {
        return clientGone;
    }

    private void gone(IOException e) {
        clientGone = e;
        if (abort != null) {
            abort.run();
        }
    }
}
