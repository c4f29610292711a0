package io.agentry.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.http.ApiResult;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Conversation")
public record ConversationView(
        @Schema UUID id,
        @Schema UUID organizationId,
        @Schema UUID agentId,
        @Schema(nullable = true, description = "The start of the first message unless set") String title,
        @Schema(enumeration = {"open", "archived"}) String status,
        @Schema(type = SchemaType.OBJECT, description = "Free-form JSON object") JsonNode metadata,
        @Schema int messageCount,
        @Schema OffsetDateTime createdAt,
        @Schema(description = "Time of the last message or change") OffsetDateTime updatedAt) implements ApiResult {
}
