package io.agentry.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.http.ApiResult;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Message")
public record MessageView(
        @Schema UUID id,
        @Schema UUID conversationId,
        @Schema(enumeration = {"user", "assistant"}) String role,
        @Schema(nullable = true, description = "Null for a reply that failed before any text") String content,
        @Schema(enumeration = {"complete", "failed", "cancelled"},
                description = "failed: the model call failed (see error); cancelled: the client left mid-stream") String status,
        @Schema(nullable = true) String error,
        @Schema(type = SchemaType.ARRAY, description = "Tool calls made for this reply: id, name, arguments, citations") JsonNode toolCalls,
        @Schema(type = SchemaType.ARRAY, description = "Knowledge items the reply drew on: base_id, item_id, title, score") JsonNode citations,
        @Schema(type = SchemaType.ARRAY, description = "Attachments sent with a user message") JsonNode attachments,
        @Schema(type = SchemaType.OBJECT) JsonNode metadata,
        @Schema(nullable = true) String provider,
        @Schema(nullable = true) String model,
        @Schema(nullable = true) Usage usage,
        @Schema OffsetDateTime createdAt) implements ApiResult {

    @Schema(name = "TokenUsage")
    public record Usage(int promptTokens, int completionTokens, int totalTokens) {
    }
}
