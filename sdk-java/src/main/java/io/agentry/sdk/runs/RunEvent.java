package io.agentry.sdk.runs;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.sdk.chat.Citation;
import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.SseEvent;
import io.agentry.sdk.errors.AgentryStreamException;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One event of a run's stream ({@link RunService#events}); events a newer server adds arrive as
 * {@link Unknown}. Which ones come depends on the team's mode: a pipeline sends
 * {@link StepStarted}, {@link StepFinished} and {@link Paused}, an orchestrator
 * {@link Delegation} and {@link DelegationResult}, a collaboration {@link Turn}; every mode sends
 * {@link Status}, {@link Delta}, the tool events and, last, {@link Done}. Every event carries the
 * stream's {@link #eventId()}: pass the last one seen to
 * {@link RunService#events(UUID, String)} to resume after a dropped connection without missing or
 * repeating anything.
 */
public sealed interface RunEvent {

    /**
     * The event's id on the run's stream, to resume after.
     *
     * @return its {@code id:} field, or null if the server sent none
     */
    String eventId();

    /**
     * The run's status changed, or it moved on to another step, round or turn.
     *
     * @param currentStep as {@link Run#currentStep()}
     * @param error       why it failed
     * @param output      null until the status is final
     * @param at          when the change happened
     */
    record Status(String eventId, RunStatus status, int currentStep, String error, String output, OffsetDateTime at)
            implements RunEvent {
    }

    /**
     * A pipeline step started.
     *
     * @param step    0-based
     * @param agentId the step's agent
     * @param attempt 1 at first, more when the step is retried
     */
    record StepStarted(String eventId, int step, String stepName, UUID agentId, int attempt) implements RunEvent {
    }

    /**
     * A pipeline step ended, one way or another.
     *
     * @param step      0-based
     * @param status    how it ended
     * @param output    the step's answer, when {@link StepOutcome#COMPLETED}
     * @param error     why it did not complete, otherwise
     * @param attempt   the attempt that failed, when {@link StepOutcome#RETRYING}; else null
     * @param retryInMs the wait before the next attempt, when {@link StepOutcome#RETRYING}; else null
     */
    record StepFinished(String eventId, int step, String stepName, StepOutcome status, String output, String error,
                        Integer attempt, Long retryInMs) implements RunEvent {
    }

    /** How a pipeline step ended ({@link StepFinished#status()}). */
    enum StepOutcome {
        /** It answered: its output goes to the next step. */
        @JsonProperty("completed") COMPLETED,
        /** It failed and will be tried again (on_failure retry). */
        @JsonProperty("retrying") RETRYING,
        /** It failed and the run goes on without it (on_failure skip). */
        @JsonProperty("skipped") SKIPPED,
        /** It failed for good: the run fails. */
        @JsonProperty("failed") FAILED,
        /** A value added by a newer server. */
        @JsonEnumDefaultValue UNKNOWN
    }

    /**
     * A pipeline without auto-handoff paused after a step for a review: call
     * {@link RunService#resume(UUID)} to hand {@code output} to the next step, or
     * {@link RunService#resume(UUID, String)} to hand it something else.
     *
     * @param step   the step just finished (0-based)
     * @param output what the next step will receive unless replaced
     */
    record Paused(String eventId, int step, String stepName, String output) implements RunEvent {
    }

    /**
     * An orchestrator's lead delegated work to a member, which runs in parallel with the round's
     * other delegations.
     *
     * @param round          the lead's round (0-based)
     * @param agentId        the lead
     * @param callId         the lead's tool call, which the {@link DelegationResult} repeats
     * @param member         the member's name
     * @param task           what the lead asked of it
     * @param context        what the lead told it besides, or null
     * @param expectedOutput what the lead expects back, or null
     */
    record Delegation(String eventId, int round, UUID agentId, String agentName, String callId, String member,
                      UUID memberAgentId, String task, String context, String expectedOutput) implements RunEvent {
    }

    /**
     * A member's answer to a {@link Delegation}, handed back to the lead as the tool call's result.
     *
     * @param agentId the member
     * @param output  its answer, or why there is none
     */
    record DelegationResult(String eventId, int round, String callId, String member, UUID agentId,
                            DelegationOutcome status, String output) implements RunEvent {
    }

    /** How a delegation ended ({@link DelegationResult#status()}). */
    enum DelegationOutcome {
        /** The member answered. */
        @JsonProperty("completed") COMPLETED,
        /** The member could not answer; {@code output} says why. */
        @JsonProperty("failed") FAILED,
        /** The run was cancelled before the member answered. */
        @JsonProperty("cancelled") CANCELLED,
        /** A value added by a newer server. */
        @JsonEnumDefaultValue UNKNOWN
    }

    /**
     * A collaboration member's statement.
     *
     * @param turn the turn (0-based)
     */
    record Turn(String eventId, int turn, UUID agentId, String agentName, String content) implements RunEvent {
    }

    /**
     * A piece of an agent's answer as it is generated; {@code origin} tells whose. Deltas are not
     * replayed once the run has ended: the transcript ({@link Run#messages()}) has every answer whole.
     */
    record Delta(String eventId, String text, Origin origin) implements RunEvent {
    }

    /** An agent of the run called one of its own tools; {@code id} is the call's id, which its {@link ToolResult} repeats. */
    record ToolCallStarted(String eventId, String id, String name, JsonNode arguments, Origin origin) implements RunEvent {
    }

    /** A tool call's outcome: the knowledge items it found. */
    record ToolResult(String eventId, String id, String name, List<Citation> citations, Origin origin) implements RunEvent {
    }

    /**
     * Where in the run a {@link Delta} or a tool event comes from; the fields that do not apply
     * are null.
     *
     * @param step          a pipeline's step (0-based)
     * @param stepName      that step's name
     * @param round         an orchestrator's round: the lead's, or a delegation's (then {@code callId} is set)
     * @param turn          a collaboration's turn
     * @param agentId       the agent answering (the lead, a collaboration's speaker)
     * @param agentName     its name
     * @param callId        the lead's tool call a member is answering
     * @param memberAgentId the member answering that call
     */
    record Origin(Integer step, String stepName, Integer round, Integer turn, UUID agentId, String agentName,
                  String callId, UUID memberAgentId) {
    }

    /**
     * The last event: the run completed, failed or was cancelled. The server closes the stream
     * after it.
     *
     * @param output the team's answer when {@code status} is {@link RunStatus#COMPLETED}
     * @param error  why it failed
     */
    record Done(String eventId, RunStatus status, int currentStep, String error, String output, OffsetDateTime at)
            implements RunEvent {
    }

    /** An event this version of the SDK does not know, unparsed. */
    record Unknown(String eventId, String name, String data) implements RunEvent {
    }

    /**
     * Reads a server-sent event of a run's stream.
     *
     * @param event the raw event
     * @return the typed event, {@link Unknown} for a name this SDK does not know
     */
    static RunEvent of(SseEvent event) {
        String id = event.id();
        return switch (event.event()) {
            case "status" -> {
                Status s = read(event, Status.class);
                yield new Status(id, s.status(), s.currentStep(), s.error(), s.output(), s.at());
            }
            case "step_started" -> {
                StepStarted s = read(event, StepStarted.class);
                yield new StepStarted(id, s.step(), s.stepName(), s.agentId(), s.attempt());
            }
            case "step_finished" -> {
                StepFinished f = read(event, StepFinished.class);
                yield new StepFinished(id, f.step(), f.stepName(), f.status(), f.output(), f.error(), f.attempt(), f.retryInMs());
            }
            case "paused" -> {
                Paused p = read(event, Paused.class);
                yield new Paused(id, p.step(), p.stepName(), p.output());
            }
            case "delegation" -> {
                Delegation d = read(event, Delegation.class);
                yield new Delegation(id, d.round(), d.agentId(), d.agentName(), d.callId(), d.member(), d.memberAgentId(),
                        d.task(), d.context(), d.expectedOutput());
            }
            case "delegation_result" -> {
                DelegationResult r = read(event, DelegationResult.class);
                yield new DelegationResult(id, r.round(), r.callId(), r.member(), r.agentId(), r.status(), r.output());
            }
            case "turn" -> {
                Turn t = read(event, Turn.class);
                yield new Turn(id, t.turn(), t.agentId(), t.agentName(), t.content());
            }
            case "delta" -> new Delta(id, read(event, Delta.class).text(), read(event, Origin.class));
            case "tool_call" -> {
                ToolCallStarted c = read(event, ToolCallStarted.class);
                yield new ToolCallStarted(id, c.id(), c.name(), c.arguments(), read(event, Origin.class));
            }
            case "tool_result" -> {
                ToolResult r = read(event, ToolResult.class);
                yield new ToolResult(id, r.id(), r.name(), r.citations() == null ? List.of() : r.citations(),
                        read(event, Origin.class));
            }
            case "done" -> {
                Done d = read(event, Done.class);
                yield new Done(id, d.status(), d.currentStep(), d.error(), d.output(), d.at());
            }
            default -> new Unknown(id, event.event(), event.data()); // whatever a newer server sends
        };
    }

    /** The event's data as {@code type}, without the event id (the data does not carry it). */
    private static <T> T read(SseEvent event, Class<T> type) {
        try {
            return Json.MAPPER.readValue(event.data(), type);
        } catch (IOException e) {
            throw new AgentryStreamException("the '" + event.event() + "' event is not valid: " + e.getMessage(), e);
        }
    }
}
