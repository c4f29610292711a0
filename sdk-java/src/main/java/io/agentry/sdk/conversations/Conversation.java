package io.agentry.sdk.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.UUID;

public record Conversation(
        UUID id,
        UUID organizationId,
        UUID agentId,
        String title,
        ConversationStatus status,
        JsonNode metadata,
        int messageCount,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
