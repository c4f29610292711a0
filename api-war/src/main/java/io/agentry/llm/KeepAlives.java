package io.agentry.llm;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps quiet streams alive: while a streamed call's thread is blocked reading the provider, a
 * scheduled scan finds the streams that have been quiet for their interval and has each written a
 * keep-alive comment, in a task of its own (a client that does not read must not hold up the
 * others). A write that fails means the client left: its provider call is aborted then, not only
 * at the next delta.
 */
@ApplicationScoped
public class KeepAlives {

    private static final long TICK_MILLIS = 250;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Set<StreamingCall> watched = ConcurrentHashMap.newKeySet();
    private volatile ScheduledFuture<?> ticks;

    void watch(StreamingCall call) {
        watched.add(call);
        if (ticks == null) {
            start();
        }
    }

    void unwatch(StreamingCall call) {
        watched.remove(call);
    }

    private synchronized void start() {
        if (ticks == null) {
            ticks = scheduler.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (StreamingCall call : watched) {
            if (call.claimKeepAlive(now)) {
                scheduler.execute(call::keepAlive);
            }
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }
}
