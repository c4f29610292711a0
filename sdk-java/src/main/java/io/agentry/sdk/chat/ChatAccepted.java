package io.agentry.sdk.chat;

import java.util.UUID;

/** An asynchronous chat's receipt: the reply will be in the conversation (and POSTed to the webhook, if any). */
public record ChatAccepted(UUID conversationId, UUID userMessageId, UUID agentId, String status, String webhookUrl) {
}
