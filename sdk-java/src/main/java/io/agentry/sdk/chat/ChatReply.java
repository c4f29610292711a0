package io.agentry.sdk.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An agent's reply.
 *
 * @param messageId the reply's message id
 * @param userMessageId the id of the message that was sent
 * @param reply the reply's text
 * @param usage tokens of every model call the reply took
 * @param metadata the request's metadata, echoed
 */
public record ChatReply(
        UUID messageId,
        UUID conversationId,
        UUID userMessageId,
        UUID agentId,
        String reply,
        String provider,
        String model,
        TokenUsage usage,
        List<ToolCall> toolCalls,
        List<Citation> citations,
        JsonNode metadata,
        OffsetDateTime createdAt) {
}
