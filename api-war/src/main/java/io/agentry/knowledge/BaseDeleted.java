package io.agentry.knowledge;

import java.util.UUID;

/** A knowledge base was deleted (observed after the transaction commits). */
public record BaseDeleted(UUID baseId) {
}
