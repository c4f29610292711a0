package io.agentry.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.agentry.agents.AgentProgress;
import io.agentry.agents.AgentRequest;
import io.agentry.agents.AgentRunner;
import io.agentry.events.EventLog;
import io.agentry.jobs.JobContext;
import io.agentry.jobs.JobFailure;
import io.agentry.teams.TeamConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An orchestrator: the lead agent gets one native tool per member ({@code delegate_to_<member>},
 * with task, context and expected output) next to its own tools, and works in rounds. A round's
 * delegations are durable jobs of their own ({@link DelegationHandler}), run in parallel; the
 * member sees only what the lead sent, and its answer comes back verbatim as the tool's result.
 * The lead's first plain answer is the run's output. A restart rebuilds the lead's transcript
 * from the stored rounds and waits for the delegations still out, so none is asked twice.
 */
@ApplicationScoped
public class OrchestratorMode {

    static final String PREFIX = "delegate_to_";
    private static final long WAIT_MILLIS = 500;

    @Inject
    RunService runs;

    @Inject
    RunTurns turns;

    @Inject
    AgentRunner runner;

    @Inject
    EventLog events;

    /** A member as the lead sees it: the tool that reaches it. */
    record Member(UUID agentId, String name, String tool, ToolSpecification spec) {
    }

    void run(Run run, TeamConfig.Orchestrator config, JobContext job) throws InterruptedException {
        RunTurns.Speaker lead;
        try {
            lead = turns.speaker(run, config.leadAgentId());
        } catch (RunTurns.Failed f) {
            runs.checkpoint(run, Checkpoint.advance(run.currentStep(), run.currentStep()).failed(f.getMessage()));
            return;
        }
        Map<String, Member> members = members(run, config);
        List<ToolSpecification> own = runner.ownTools(lead.agent());
        List<ChatMessage> transcript = runner.prompt(lead.agent(), instructions(members, config), List.of(), run.inputTask(), true);
        List<RunCall> stored = runs.calls(run.id());
        int delegations = (int) stored.stream().filter(RunCall::isDelegation).count();
        for (int r = 0; r < run.currentStep(); r++) {
            transcript.addAll(round(stored, r));
        }
        int round = run.currentStep();
        while (true) {
            if (job.shouldStop()) {
                return;
            }
            final int current = round;
            if (stored.stream().anyMatch(c -> c.round() == current)) { // asked before: wait for its answers
                stored = awaitRound(run, round, job);
                if (stored == null) {
                    return;
                }
                transcript.addAll(round(stored, round));
                run = runs.checkpoint(run, Checkpoint.advance(round, round + 1));
                if (run == null) {
                    return;
                }
                round++;
                continue;
            }
            boolean answerNow = delegations >= config.maxDelegations() || round >= config.maxDelegations() + 3;
            List<ToolSpecification> specs = new ArrayList<>(own);
            if (!answerNow) {
                members.values().forEach(m -> specs.add(m.spec()));
            }
            Map<String, Object> context = AgentRunner.ordered("round", round, "agent_id", lead.agent().id(),
                    "agent_name", lead.agent().name());
            RunTurns.Asked asked;
            try {
                asked = turns.ask(run, lead, transcript, specs, answerNow || specs.isEmpty(), job, context);
            } catch (RunTurns.Failed f) {
                if (job.shouldStop()) {
                    return;
                }
                if (f.retriable() && !job.isLastAttempt()) {
                    throw JobFailure.retry(f.getMessage(), f);
                }
                runs.checkpoint(run, Checkpoint.advance(round, round).spent(f.spent()).failed("the lead failed: " + f.getMessage()));
                return;
            }
            AiMessage ai = asked.message();
            if (!ai.hasToolExecutionRequests() || answerNow) {
                String output = asked.outcome().text();
                runs.checkpoint(run, Checkpoint.advance(round, round + 1).completed(output)
                        .said(new Checkpoint.Said(round, null, lead.agent().id(), lead.agent().name(), RunMessage.Role.LEAD,
                                RunMessage.Type.FINAL, output, asked.outcome())));
                return;
            }
            Checkpoint asking = Checkpoint.advance(round, round).spent(asked.outcome());
            int position = 0;
            for (ToolExecutionRequest request : ai.toolExecutionRequests()) {
                Member member = members.get(request.name());
                boolean delegate = member != null && delegations < config.maxDelegations();
                String leadText = position == 0 ? ai.text() : null;
                String callId = request.id() == null ? "call_" + round + "_" + position : request.id();
                String arguments = request.arguments() == null ? "{}" : request.arguments();
                if (delegate) {
                    delegations++;
                    RunCall call = new RunCall(UUID.randomUUID(), run.id(), round, position, callId, request.name(), arguments,
                            leadText, member.agentId(), RunCall.Status.QUEUED, null);
                    String task = argument(arguments, "task");
                    asking.call(call)
                            .said(new Checkpoint.Said(round, null, member.agentId(), member.name(), RunMessage.Role.LEAD,
                                    RunMessage.Type.DELEGATION, task, null))
                            .event("delegation", RunTurns.with(context, "call_id", callId, "member", member.name(),
                                    "member_agent_id", member.agentId(), "task", task,
                                    "context", argument(arguments, "context"),
                                    "expected_output", argument(arguments, "expected_output")));
                } else {
                    String result = ownTool(run, lead, request, member, config, context);
                    asking.call(new RunCall(UUID.randomUUID(), run.id(), round, position, callId, request.name(), arguments,
                            leadText, null, RunCall.Status.COMPLETED, result));
                }
                position++;
            }
            run = runs.checkpoint(run, asking);
            if (run == null) {
                return;
            }
            stored = runs.calls(run.id());
        }
    }

    /** What a call that is not a delegation returns: the lead's own tool, or why nothing was done. */
    private String ownTool(Run run, RunTurns.Speaker lead, ToolExecutionRequest request, Member member,
                           TeamConfig.Orchestrator config, Map<String, Object> context) {
        if (member != null) {
            return "Not delegated: this run has used its " + config.maxDelegations() + " delegations. "
                    + "Answer the task with what you have.";
        }
        if (request.name().startsWith(PREFIX)) {
            return "There is no team member called '" + request.name().substring(PREFIX.length()) + "'.";
        }
        try {
            AgentRequest as = new AgentRequest(run.caller(), lead.agent(), lead.endpoint(), List.of(), "");
            return runner.execute(as, request.id(), request.name(), AgentRunner.arguments(request.arguments()),
                    new AgentProgress(), turns.reporting(run.id(), context, null)).text();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Waits until every call of the round has its result: the calls of the run then, or null if the run stopped. */
    private List<RunCall> awaitRound(Run run, int round, JobContext job) throws InterruptedException {
        while (true) {
            List<RunCall> calls = runs.calls(run.id());
            if (calls.stream().filter(c -> c.round() == round).allMatch(c -> c.status().isFinal())) {
                return calls;
            }
            if (job.shouldStop()) {
                return null;
            }
            events.await(run.id(), WAIT_MILLIS);
            Run now = runs.reread(run.id());
            if (now == null || now.status() != RunStatus.RUNNING) {
                return null;
            }
        }
    }

    /** A finished round as the lead's transcript has it: its tool calls, then each result. */
    private static List<ChatMessage> round(List<RunCall> calls, int round) {
        List<RunCall> of = calls.stream().filter(c -> c.round() == round).toList();
        List<ChatMessage> messages = new ArrayList<>();
        if (of.isEmpty()) {
            return messages;
        }
        List<ToolExecutionRequest> requests = new ArrayList<>();
        for (RunCall c : of) {
            requests.add(ToolExecutionRequest.builder().id(c.callId()).name(c.name()).arguments(c.arguments()).build());
        }
        String text = of.get(0).leadText();
        messages.add(text == null || text.isBlank() ? AiMessage.from(requests) : AiMessage.from(text, requests));
        for (int i = 0; i < of.size(); i++) {
            RunCall c = of.get(i);
            String result = c.result() != null ? c.result()
                    : c.status() == RunCall.Status.CANCELLED ? "The delegation was cancelled." : "The delegation returned nothing.";
            messages.add(ToolExecutionResultMessage.from(requests.get(i), result));
        }
        return messages;
    }

    /** The members, each with a tool named after it (distinct, within the providers' tool-name rules). */
    private Map<String, Member> members(Run run, TeamConfig.Orchestrator config) {
        Map<String, Member> members = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (UUID id : config.memberAgentIds()) {
            RunTurns.Speaker speaker;
            try {
                speaker = turns.speaker(run, id);
            } catch (RunTurns.Failed gone) {
                continue; // deleted since the run started: the lead is not offered it
            }
            String base = PREFIX + slug(speaker.agent().name());
            String tool = base;
            for (int n = 2; !used.add(tool); n++) {
                tool = base + "_" + n;
            }
            String about = speaker.agent().description() == null || speaker.agent().description().isBlank() ? ""
                    : " (" + speaker.agent().description().strip() + ")";
            ToolSpecification spec = ToolSpecification.builder().name(tool)
                    .description("Delegates work to the team member " + speaker.agent().name() + about + ". The member sees "
                            + "only what you send here, not this conversation, and its answer comes back as the result.")
                    .parameters(JsonObjectSchema.builder()
                            .addStringProperty("task", "What the member is to do")
                            .addStringProperty("context", "What the member needs to know to do it")
                            .addStringProperty("expected_output", "What the answer should look like")
                            .required("task").build())
                    .build();
            members.put(tool, new Member(id, speaker.agent().name(), tool, spec));
        }
        return members;
    }

    private static String instructions(Map<String, Member> members, TeamConfig.Orchestrator config) {
        StringBuilder s = new StringBuilder("You lead a team. You can delegate work to these members, each through its tool:");
        members.values().forEach(m -> s.append("\n- ").append(m.name()).append(": ").append(m.tool()));
        s.append("\nEach member sees only the task, context and expected output you send, so include what it needs. "
                + "Several tool calls at once run in parallel. At most ").append(config.maxDelegations())
                .append(" delegations in this run. When you have what you need, answer the task yourself: "
                        + "your answer is the team's output.");
        return s.toString();
    }

    static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.isEmpty()) {
            slug = "member";
        }
        return slug.length() > 40 ? slug.substring(0, 40) : slug;
    }

    static String argument(String json, String name) {
        Object tree = AgentRunner.arguments(json);
        JsonNode value = tree instanceof JsonNode node ? node.get(name) : null;
        return value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
    }
}
