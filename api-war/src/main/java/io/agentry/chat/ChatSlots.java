package io.agentry.chat;

import io.agentry.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chats answered while their client waits (whole or streamed) hold a request thread and a model
 * connection for as long as the model takes: at most
 * {@code agentry.chat.max-in-flight-per-organization} per organization on each server, so one
 * tenant's burst of slow streams cannot take every thread from the others. Above it: 429 with
 * Retry-After, before anything is stored.
 */
@ApplicationScoped
public class ChatSlots {

    @Inject
    @ConfigProperty(name = "agentry.chat.max-in-flight-per-organization", defaultValue = "100")
    int max;

    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /** One chat's slot, given back (once) by {@link Slot#close}. */
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

    public Slot take(UUID organizationId) {
        AtomicInteger count = inFlight.computeIfAbsent(organizationId, id -> new AtomicInteger());
        if (count.incrementAndGet() > Math.max(1, max)) {
            count.decrementAndGet();
            throw ApiException.rateLimited("this organization already has " + Math.max(1, max) + " chats in progress on "
                    + "this server; send this one when one of them has finished, or with sync: false", 1);
        }
        return new Slot(count);
    }
}
