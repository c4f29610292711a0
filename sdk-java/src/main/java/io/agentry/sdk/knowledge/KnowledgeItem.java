package io.agentry.sdk.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An item of a knowledge base: text, a question with its answer, or an uploaded file.
 *
 * @param content  a text item's text (not in list responses)
 * @param metadata the item's JSON metadata, as filtered on by queries
 * @param error    why ingestion failed (or, while pending, why it will be retried)
 */
public record KnowledgeItem(
        UUID id,
        UUID baseId,
        ItemKind kind,
        String title,
        String content,
        String question,
        String answer,
        String fileName,
        String mediaType,
        Long fileSize,
        JsonNode metadata,
        String source,
        ItemStatus status,
        String error,
        int chunkCount,
        long tokenCount,
        OffsetDateTime indexedAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
