package io.agentry.sdk.chat;

import java.util.UUID;

/** A knowledge item a reply drew on. */
public record Citation(UUID baseId, UUID itemId, String title, double score) {
}
