package io.agentry.chat;

import io.agentry.http.ApiResult;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ChatAccepted", description = "An asynchronous chat: the reply is POSTed to webhook_url when it is ready "
        + "and is stored in the conversation either way")
public record ChatAccepted(
        @Schema UUID conversationId,
        @Schema UUID userMessageId,
        @Schema UUID agentId,
        @Schema(enumeration = {"accepted"}) String status,
        @Schema(nullable = true) String webhookUrl) implements ApiResult {
}
