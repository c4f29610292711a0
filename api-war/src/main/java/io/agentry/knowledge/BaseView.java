package io.agentry.knowledge;

import io.agentry.http.ApiResult;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "KnowledgeBase")
public record BaseView(
        @Schema UUID id,
        @Schema UUID organizationId,
        @Schema(example = "Support handbook") String name,
        @Schema(nullable = true) String description,
        @Schema(enumeration = {"local", "openai", "ollama"}, example = "local") String embeddingProvider,
        @Schema(example = "all-minilm-l6-v2-q") String embeddingModel,
        @Schema(nullable = true, description = "Remote providers only; null: the server's configured URL") String embeddingBaseUrl,
        @Schema(nullable = true, example = "384", description = "Vector length; known once the first item is embedded") Integer embeddingDimensions,
        @Schema(example = "1000", description = "Maximum chunk length in characters") int chunkSize,
        @Schema(example = "100", description = "Characters shared by consecutive chunks") int chunkOverlap,
        @Schema(description = "Items in the base, whatever their status") long itemCount,
        @Schema(description = "Searchable chunks") long chunkCount,
        @Schema(description = "Tokens embedded for the searchable chunks, each with its item's title line "
                + "(word pieces of the in-process model's tokenizer; an estimate for remote models)") long tokenCount,
        @Schema(description = "Items per ingestion status: how far indexing has got") StatusCounts items,
        @Schema OffsetDateTime createdAt,
        @Schema OffsetDateTime updatedAt) implements ApiResult {

    @Schema(name = "KnowledgeItemStatusCounts")
    public record StatusCounts(@Schema long pending, @Schema long processing, @Schema long ready, @Schema long failed) {
        static final StatusCounts NONE = new StatusCounts(0, 0, 0, 0);
    }
}
