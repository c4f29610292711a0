package io.agentry.sdk.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.SseEvent;
import io.agentry.sdk.errors.AgentryStreamException;
import java.util.List;
import java.util.UUID;

/** One event of a streamed reply; events a newer server adds arrive as {@link Unknown}. */
public sealed interface ChatEvent {

    /** First event: where the reply goes. */
    record MessageStart(UUID conversationId, UUID userMessageId, UUID agentId, String provider, String model) implements ChatEvent {
    }

    /** A piece of the reply's text. */
    record Delta(String text) implements ChatEvent {
    }

    /** The model called a tool. */
    record ToolCallStarted(String id, String name, JsonNode arguments) implements ChatEvent {
    }

    /** A tool call's outcome: the knowledge items it found. */
    record ToolResult(String id, String name, List<Citation> citations) implements ChatEvent {
    }

    /** Last event of a complete reply. */
    record MessageEnd(UUID messageId, UUID conversationId, TokenUsage usage, List<Citation> citations,
                      List<ToolCall> toolCalls) implements ChatEvent {
    }

    /** Last event of a reply that failed (the provider's error; the partial reply is stored). */
    record Error(String code, String message, int status, UUID messageId, UUID conversationId) implements ChatEvent {
    }

    record Unknown(String name, String data) implements ChatEvent {
    }

    static ChatEvent of(SseEvent event) {
        return switch (event.event()) {
            case "message_start" -> read(event, MessageStart.class);
            case "delta" -> read(event, Delta.class);
            case "tool_call" -> read(event, ToolCallStarted.class);
            case "tool_result" -> read(event, ToolResult.class);
            case "message_end" -> read(event, MessageEnd.class);
            case "error" -> read(event, Error.class);
            default -> new Unknown(event.event(), event.data()); // whatever a newer server sends, unparsed
        };
    }

    private static <T extends ChatEvent> T read(SseEvent event, Class<T> type) {
        try {
            return Json.MAPPER.readValue(event.data(), type);
        } catch (java.io.IOException e) {
            throw new AgentryStreamException("the '" + event.event() + "' event is not valid: " + e.getMessage(), e);
        }
    }
}
