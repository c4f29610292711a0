package io.agentry.sdk.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.sdk.chat.Citation;
import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.SseEvent;
import io.agentry.sdk.errors.AgentryStreamException;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One event of a task's stream ({@link TaskService#events}); events a newer server adds arrive as
 * {@link Unknown}. Every event carries the stream's {@link #eventId()}: pass the last one seen to
 * {@link TaskService#events(java.util.UUID, String)} to resume after a dropped connection without
 * missing or repeating anything.
 */
public sealed interface TaskEvent {

    /** The id of the event on the task's stream (its {@code id:} field), or null if the server sent none. */
    String eventId();

    /**
     * The task's status changed (dispatched, running, dispatched again after a failed attempt).
     *
     * @param error    why the last attempt failed, while the task is dispatched again
     * @param result   null until the status is final
     * @param at       when the change happened
     */
    record Status(String eventId, TaskStatus status, String error, int attempts, String result, OffsetDateTime at)
            implements TaskEvent {
    }

    /** A piece of the agent's answer as it is generated (not replayed once the task has ended: see {@link Done#result()}). */
    record Delta(String eventId, String text) implements TaskEvent {
    }

    /** The agent called a tool; {@code id} is the call's id, which its {@link ToolResult} repeats. */
    record ToolCallStarted(String eventId, String id, String name, JsonNode arguments) implements TaskEvent {
    }

    /** A tool call's outcome: the knowledge items it found. */
    record ToolResult(String eventId, String id, String name, List<Citation> citations) implements TaskEvent {
    }

    /**
     * The last event: the task completed, failed or was cancelled. The server closes the stream
     * after it.
     *
     * @param result the whole answer when {@code status} is {@link TaskStatus#COMPLETED}
     * @param error  why it failed
     */
    record Done(String eventId, TaskStatus status, String error, int attempts, String result, OffsetDateTime at)
            implements TaskEvent {
    }

    /** An event this version of the SDK does not know, unparsed. */
    record Unknown(String eventId, String name, String data) implements TaskEvent {
    }

    /** Reads a server-sent event of a task's stream. */
    static TaskEvent of(SseEvent event) {
        String id = event.id();
        return switch (event.event()) {
            case "status" -> {
                Status s = read(event, Status.class);
                yield new Status(id, s.status(), s.error(), s.attempts(), s.result(), s.at());
            }
            case "delta" -> new Delta(id, read(event, Delta.class).text());
            case "tool_call" -> {
                ToolCallStarted c = read(event, ToolCallStarted.class);
                yield new ToolCallStarted(id, c.id(), c.name(), c.arguments());
            }
            case "tool_result" -> {
                ToolResult r = read(event, ToolResult.class);
                yield new ToolResult(id, r.id(), r.name(), r.citations() == null ? List.of() : r.citations());
            }
            case "done" -> {
                Done d = read(event, Done.class);
                yield new Done(id, d.status(), d.error(), d.attempts(), d.result(), d.at());
            }
            default -> new Unknown(id, event.event(), event.data()); // whatever a newer server sends
        };
    }

    /** The event's data as its record, without the event id (the data does not carry it). */
    private static <T extends TaskEvent> T read(SseEvent event, Class<T> type) {
        try {
            return Json.MAPPER.readValue(event.data(), type);
        } catch (IOException e) {
            throw new AgentryStreamException("the '" + event.event() + "' event is not valid: " + e.getMessage(), e);
        }
    }
}
