package io.agentry.http;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * At most {@code max} of something held open per organization on this server (chats answered
 * while their client waits, event streams): each holds a request thread, so one tenant's many
 * cannot take every thread from the others. Above it: a 429 with Retry-After.
 */
public final class OrganizationSlots {

    private final int max;
    private final IntFunction<String> refusal;
    private final Map<UUID, AtomicInteger> held = new ConcurrentHashMap<>();

    /** {@code refusal}: the 429's message, given the maximum. */
    public OrganizationSlots(int max, IntFunction<String> refusal) {
        this.max = Math.max(1, max);
        this.refusal = refusal;
    }

    /** One slot, given back (once) by {@link Slot#close}. */
    public static final class Slot implements AutoCloseable {
        private final AtomicInteger count;
        private boolean closed;

        private Slot(AtomicInteger count) {
            this.count = count;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                count.decrementAndGet();
            }
        }
    }

    /** A slot of the organization, or a 429 when it holds {@code max} already. */
    public Slot take(UUID organizationId) {
        AtomicInteger count = held.computeIfAbsent(organizationId, id -> new AtomicInteger());
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            throw ApiException.rateLimited(refusal.apply(max), 1);
        }
        return new Slot(count);
    }
}
