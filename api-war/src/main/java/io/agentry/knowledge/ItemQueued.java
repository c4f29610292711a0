package io.agentry.knowledge;

import java.util.UUID;

/** Fired when an item is (re-)queued; observed after commit to start a worker at once. */
public record ItemQueued(UUID itemId) {
}
