package io.agentry.sdk.chat;

import io.agentry.sdk.core.StreamResponse;
import io.agentry.sdk.errors.AgentryStreamException;
import java.util.List;
import java.util.UUID;

/**
 * A streamed reply put back together: {@link #accumulate} reads a stream to its end (and closes
 * it). An {@code error} event, or a stream that ends without {@code message_end}, is an
 * {@link AgentryStreamException}.
 */
public record StreamedReply(UUID messageId, UUID conversationId, UUID userMessageId, String text, TokenUsage usage,
                            List<Citation> citations, List<ToolCall> toolCalls) {

    public static StreamedReply accumulate(StreamResponse<ChatEvent> stream) {
        try (stream) {
            StringBuilder text = new StringBuilder();
            UUID userMessageId = null;
            for (ChatEvent event : stream) {
                if (event instanceof ChatEvent.MessageStart start) {
                    userMessageId = start.userMessageId();
                } else if (event instanceof ChatEvent.Delta delta) {
                    text.append(delta.text());
                } else if (event instanceof ChatEvent.MessageEnd end) {
                    return new StreamedReply(end.messageId(), end.conversationId(), userMessageId, text.toString(), end.usage(),
                            end.citations() == null ? List.of() : end.citations(),
                            end.toolCalls() == null ? List.of() : end.toolCalls());
                } else if (event instanceof ChatEvent.Error error) {
                    throw new AgentryStreamException(error.code() + ": " + error.message()
                            + (error.messageId() == null ? "" : " (reply " + error.messageId() + " in conversation "
                            + error.conversationId() + ")"), null);
                }
            }
            throw new AgentryStreamException("the stream ended before the reply was complete (" + text.length()
                    + " characters received)", null);
        }
    }
}
