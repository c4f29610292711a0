package io.agentry.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.conversations.MessageView;
import io.agentry.http.ApiResult;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ChatReply", description = "The agent's reply to one message")
public record ChatReply(
        @Schema(description = "The reply's message id") UUID messageId,
        @Schema UUID conversationId,
        @Schema(description = "The id of the message that was sent") UUID userMessageId,
        @Schema UUID agentId,
        @Schema(description = "The reply text") String reply,
        @Schema(example = "openai") String provider,
        @Schema(example = "gpt-4o-mini") String model,
        @Schema(description = "Tokens of every model call the reply took") MessageView.Usage usage,
        @Schema(type = SchemaType.ARRAY, description = "Tools called: id, name, arguments, citations") JsonNode toolCalls,
        @Schema(type = SchemaType.ARRAY, description = "Knowledge items the reply drew on: base_id, item_id, title, score") JsonNode citations,
        @Schema(type = SchemaType.OBJECT, description = "The request's metadata, echoed") JsonNode metadata,
        @Schema OffsetDateTime createdAt) implements ApiResult {
}
