package io.agentry.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.http.ApiResult;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "KnowledgeItem")
public record ItemView(
        @Schema UUID id,
        @Schema UUID baseId,
        @Schema(enumeration = {"text", "faq", "file"}) String kind,
        @Schema(example = "Refund policy") String title,
        @Schema(nullable = true, description = "Text items: the text. Returned by GET of one item; null in lists") String content,
        @Schema(nullable = true, description = "FAQ items: the question") String question,
        @Schema(nullable = true, description = "FAQ items: the answer") String answer,
        @Schema(nullable = true, example = "handbook.pdf", description = "File items: the uploaded file's name") String fileName,
        @Schema(nullable = true, example = "application/pdf") String mediaType,
        @Schema(nullable = true, description = "File items: size in bytes") Long fileSize,
        @Schema(type = SchemaType.OBJECT, description = "Free-form JSON object; query filters match on its top-level keys") JsonNode metadata,
        @Schema(nullable = true, example = "https://intranet.example.com/handbook") String source,
        @Schema(enumeration = {"pending", "processing", "ready", "failed"}) String status,
        @Schema(nullable = true, description = "Why ingestion failed") String error,
        @Schema long chunkCount,
        @Schema long tokenCount,
        @Schema(nullable = true, description = "When the current content became searchable") OffsetDateTime indexedAt,
        @Schema OffsetDateTime createdAt,
        @Schema OffsetDateTime updatedAt) implements ApiResult {
}
