package io.agentry.sdk.knowledge;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A knowledge base. Counts are live: {@code items} tells how far ingestion has got.
 *
 * @param embeddingDimensions the vector length, known once the first item is embedded
 * @param chunkCount          chunks of ready items
 */
public record KnowledgeBase(
        UUID id,
        UUID organizationId,
        String name,
        String description,
        EmbeddingProvider embeddingProvider,
        String embeddingModel,
        String embeddingBaseUrl,
        Integer embeddingDimensions,
        int chunkSize,
        int chunkOverlap,
        long itemCount,
        long chunkCount,
        long tokenCount,
        ItemCounts items,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /** Items per ingestion status. */
    public record ItemCounts(long pending, long processing, long ready, long failed) {

        /** Nothing is waiting for or undergoing ingestion. */
        public boolean settled() {
            return pending == 0 && processing == 0;
        }
    }
}
