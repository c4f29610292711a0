package io.agentry.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a run writes as it moves on, in one transaction that lands only while the run is still
 * running at {@code step}: where it goes next, in which status, the transcript entries, the
 * model calls to bill, an orchestrator's tool calls, and the events of its live stream.
 */
final class Checkpoint {

    /** A transcript entry; its tokens and cost are those of {@code outcome} (null: none). */
    record Said(Integer step, String stepName, UUID agentId, String agentName, RunMessage.Role role, RunMessage.Type type,
                String content, RunTurns.Outcome outcome) {
    }

    record Event(String type, Map<String, Object> data) {
    }

    final int step;
    int next;
    int stepAttempts;
    RunStatus status = RunStatus.RUNNING;
    String handoff;
    String output;
    String error;
    final List<Said> messages = new ArrayList<>();
    final List<RunTurns.Outcome> spent = new ArrayList<>();
    final List<RunCall> calls = new ArrayList<>();
    final List<Event> events = new ArrayList<>();

    private Checkpoint(int step) {
        this.step = step;
        this.next = step;
    }

    /** The run moves from {@code step} to {@code next} (its attempts start again). */
    static Checkpoint advance(int step, int next) {
        return new Checkpoint(step).to(next);
    }

    /** The run stays at {@code step}, one more failed attempt counted. */
    static Checkpoint failedAttempt(int step, int attemptsSoFar) {
        Checkpoint c = new Checkpoint(step);
        c.stepAttempts = attemptsSoFar + 1;
        return c;
    }

    private Checkpoint to(int next) {
        this.next = next;
        this.stepAttempts = 0;
        return this;
    }

    Checkpoint handoff(String text) {
        this.handoff = text;
        return this;
    }

    Checkpoint status(RunStatus value) {
        this.status = value;
        return this;
    }

    Checkpoint completed(String finalOutput) {
        this.status = RunStatus.COMPLETED;
        this.output = finalOutput == null ? "" : finalOutput;
        return this;
    }

    Checkpoint failed(String reason) {
        this.status = RunStatus.FAILED;
        this.error = reason;
        return this;
    }

    /** A transcript entry, its model calls billed. */
    Checkpoint said(Said message) {
        messages.add(message);
        if (message.outcome() != null) {
            spent.add(message.outcome());
        }
        return this;
    }

    /** Model calls billed without an entry of their own (choosing the next speaker, say). */
    Checkpoint spent(RunTurns.Outcome outcome) {
        if (outcome != null) {
            spent.add(outcome);
        }
        return this;
    }

    Checkpoint call(RunCall call) {
        calls.add(call);
        return this;
    }

    Checkpoint event(String type, Map<String, Object> data) {
        events.add(new Event(type, data));
        return this;
    }
}
