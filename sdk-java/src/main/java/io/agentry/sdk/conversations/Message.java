package io.agentry.sdk.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.sdk.chat.Citation;
import io.agentry.sdk.chat.TokenUsage;
import io.agentry.sdk.chat.ToolCall;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A message of a conversation: {@code role} is user or assistant. */
public record Message(
        UUID id,
        UUID conversationId,
        String role,
        String content,
        MessageStatus status,
        String error,
        List<ToolCall> toolCalls,
        List<Citation> citations,
        JsonNode attachments,
        JsonNode metadata,
        String provider,
        String model,
        TokenUsage usage,
        OffsetDateTime createdAt) {
}
