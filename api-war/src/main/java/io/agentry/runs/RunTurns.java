package io.agentry.runs;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import io.agentry.agents.AgentEvents;
import io.agentry.agents.AgentProgress;
import io.agentry.agents.AgentRequest;
import io.agentry.agents.AgentRunner;
import io.agentry.agents.AgentService;
import io.agentry.agents.AgentView;
import io.agentry.db.Times;
import io.agentry.events.DeltaEvents;
import io.agentry.events.EventLog;
import io.agentry.http.ApiException;
import io.agentry.jobs.JobContext;
import io.agentry.llm.CallAbort;
import io.agentry.llm.ModelCaller;
import io.agentry.llm.ProviderEndpoint;
import io.agentry.llm.ProviderFailure;
import io.agentry.providers.ProviderEndpoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One agent's turn inside a run (a step, a delegation, a statement): the agent as it is now and
 * its model, the answer streamed into the run's {@code delta} events, tool calls reported, and the
 * model call dropped at once when the run's job is cancelled.
 */
@ApplicationScoped
public class RunTurns {

    @Inject
    AgentService agents;

    @Inject
    AgentRunner runner;

    @Inject
    ProviderEndpoints endpoints;

    @Inject
    EventLog events;

    /** An agent of the run with where its model is reached. */
    public record Speaker(AgentView agent, ProviderEndpoint endpoint) {
        String provider() {
            return endpoint.provider().wire();
        }
    }

    /** What a turn produced: its text, tool calls and each model call's tokens. */
    public record Outcome(Speaker speaker, AgentProgress progress, OffsetDateTime startedAt) {
        public String text() {
            return progress.text();
        }
    }

    /**
     * A turn that did not produce an answer: the model refused or failed ({@code retriable} when
     * it may pass), or the agent or its provider is gone. What it spent is in {@code spent}.
     */
    public static final class Failed extends Exception {
        private final boolean retriable;
        private final transient Outcome spent;

        Failed(String reason, boolean retriable, Outcome spent, Throwable cause) {
            super(reason, cause);
            this.retriable = retriable;
            this.spent = spent;
        }

        public boolean retriable() {
            return retriable;
        }

        /** The model calls made before it failed (null when none could be). */
        public Outcome spent() {
            return spent;
        }
    }

    /** The agent, as its organization has it now, and its model's endpoint. */
    public Speaker speaker(Run run, UUID agentId) throws Failed {
        AgentView agent;
        try {
            agent = agents.getRecent(run.caller(), agentId);
        } catch (ApiException e) {
            throw new Failed("the agent " + agentId + " no longer exists", false, null, e);
        }
        try {
            return new Speaker(agent, AgentRunner.endpoint(endpoints.of(run.organizationId()), agent));
        } catch (AgentRunner.UnsupportedProvider | ProviderFailure e) {
            throw new Failed("agent '" + agent.name() + "': " + e.getMessage(), false, null, e);
        }
    }

    /** The agent answers {@code message} (no history); {@code context} goes into every event of the turn. */
    public Outcome take(Run run, UUID agentId, String message, JobContext job, Map<String, Object> context) throws Failed {
        return take(run, speaker(run, agentId), null, message, job, context);
    }

    /** The same for a speaker already found, with {@code instructions} added to its system prompt. */
    public Outcome take(Run run, Speaker speaker, String instructions, String message, JobContext job,
                        Map<String, Object> context) throws Failed {
        return abortable(run, speaker, job, context, (outcome, events) -> {
            runner.run(new AgentRequest(run.caller(), speaker.agent(), speaker.endpoint(), List.of(), message, instructions),
                    outcome.progress(), events);
            return null;
        }).outcome();
    }

    /**
     * One model call of {@code speaker} on {@code messages} with {@code specs} offered (none when
     * {@code answerNow}): what it said, tool calls included, for the caller to act on.
     */
    public Asked ask(Run run, Speaker speaker, List<ChatMessage> messages, List<ToolSpecification> specs, boolean answerNow,
                     JobContext job, Map<String, Object> context) throws Failed {
        return abortable(run, speaker, job, context, (outcome, events) -> runner.call(
                new AgentRequest(run.caller(), speaker.agent(), speaker.endpoint(), List.of(), ""), messages, specs, answerNow,
                outcome.progress(), events));
    }

    /** A model call's outcome and its message (with the tool calls it asks for). */
    public record Asked(Outcome outcome, AiMessage message) {
    }

    private interface Work {
        AiMessage run(Outcome outcome, AgentEvents events) throws ModelCaller.ClientGone, IOException;
    }

    /** Runs model work with its answer streamed into the run's events and dropped at once if the job stops. */
    private Asked abortable(Run run, Speaker speaker, JobContext job, Map<String, Object> context, Work work) throws Failed {
        Outcome outcome = new Outcome(speaker, new AgentProgress(), Times.now());
        DeltaEvents deltas = new DeltaEvents(events, run.id(), outcome.progress().textBuffer(), context);
        CallAbort abort = CallAbort.bind();
        Runnable hook = abort::abort;
        job.onAbort(hook);
        try {
            AiMessage message = work.run(outcome, reporting(run.id(), context, deltas));
            deltas.finish();
            return new Asked(outcome, message);
        } catch (ProviderFailure failure) {
            throw new Failed("agent '" + speaker.agent().name() + "': " + failure.getMessage(), failure.retriable(), outcome,
                    failure);
        } catch (ModelCaller.ClientGone | IOException impossible) { // the run's events never fail as a client does
            throw new IllegalStateException(impossible);
        } finally {
            job.removeAbort(hook);
            abort.unbind();
        }
    }

    /** Streams into the run's deltas and reports tool calls as run events carrying {@code context}. */
    AgentEvents reporting(UUID runId, Map<String, Object> context, DeltaEvents deltas) {
        return new AgentEvents() {
            @Override
            public ModelCaller.Output stream() {
                return deltas;
            }

            @Override
            public void toolCall(String id, String name, Object arguments) {
                events.append(runId, "tool_call", with(context, "id", id, "name", name, "arguments", arguments));
            }

            @Override
            public void toolResult(String id, String name, List<Map<String, Object>> citations) {
                events.append(runId, "tool_result", with(context, "id", id, "name", name, "citations", citations));
            }
        };
    }

    /** {@code context} with more keys after it. */
    static Map<String, Object> with(Map<String, Object> context, Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>(context);
        map.putAll(AgentRunner.ordered(keysAndValues));
        return map;
    }
}
