package io.agentry.runs;

import dev.langchain4j.data.message.ChatMessage;
import io.agentry.agents.AgentRunner;
import io.agentry.jobs.JobContext;
import io.agentry.jobs.JobFailure;
import io.agentry.teams.TeamConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A collaboration: members take turns in one shared transcript, the next speaker chosen in
 * rotation, by a model ({@code llm_select}: the facilitator's, else the first member's) or by
 * the facilitator, until consensus (at least half of the last round's speakers include
 * {@value #AGREE}), the facilitator's decision, or the turn limit. The output is the final
 * statement. Each turn is a checkpoint: a restart goes on with the next turn.
 */
@ApplicationScoped
public class CollaborationMode {

    static final String AGREE = "[AGREE]";
    private static final String DONE = "DONE:";

    @Inject
    RunService runs;

    @Inject
    RunTurns turns;

    @Inject
    AgentRunner runner;

    /** A statement of the transcript. */
    record Statement(String speaker, String content) {
    }

    void run(Run run, TeamConfig.Collaboration config, JobContext job) {
        List<RunTurns.Speaker> members = new ArrayList<>();
        RunTurns.Speaker facilitator;
        try {
            for (UUID id : config.memberAgentIds()) {
                members.add(turns.speaker(run, id));
            }
            facilitator = config.facilitatorAgentId() == null ? null : turns.speaker(run, config.facilitatorAgentId());
        } catch (RunTurns.Failed f) {
            runs.checkpoint(run, Checkpoint.advance(run.currentStep(), run.currentStep()).failed(f.getMessage()));
            return;
        }
        List<Statement> transcript = new ArrayList<>();
        for (RunMessage m : runs.messages(run.id())) {
            if (m.type() == RunMessage.Type.OUTPUT && m.role() == RunMessage.Role.MEMBER) {
                transcript.add(new Statement(m.agentName(), m.content()));
            }
        }
        for (int turn = run.currentStep(); turn < config.maxTurns(); turn++) {
            if (job.shouldStop()) {
                return;
            }
            Map<String, Object> context = AgentRunner.ordered("turn", turn);
            Checkpoint checkpoint = Checkpoint.advance(turn, turn + 1);
            try {
                RunTurns.Speaker speaker = next(run, config, members, facilitator, transcript, turn, job, checkpoint);
                RunTurns.Outcome said = turns.take(run, speaker, rules(config), message(run, transcript, speaker), job,
                        RunTurns.with(context, "agent_id", speaker.agent().id(), "agent_name", speaker.agent().name()));
                transcript.add(new Statement(speaker.agent().name(), said.text()));
                checkpoint.said(new Checkpoint.Said(turn, null, speaker.agent().id(), speaker.agent().name(),
                        RunMessage.Role.MEMBER, RunMessage.Type.OUTPUT, said.text(), said))
                        .event("turn", RunTurns.with(context, "agent_id", speaker.agent().id(), "agent_name",
                                speaker.agent().name(), "content", said.text()));
                String output = end(run, config, members, facilitator, transcript, turn, job, checkpoint);
                if (output != null) {
                    checkpoint.completed(output);
                }
            } catch (RunTurns.Failed f) {
                if (job.shouldStop()) {
                    return;
                }
                if (f.retriable() && !job.isLastAttempt()) {
                    throw JobFailure.retry(f.getMessage(), f);
                }
                runs.checkpoint(run, Checkpoint.advance(turn, turn).spent(f.spent())
                        .failed("turn " + (turn + 1) + " failed: " + f.getMessage()));
                return;
            }
            run = runs.checkpoint(run, checkpoint);
            if (run == null || run.status() != RunStatus.RUNNING) {
                return;
            }
        }
        // the turn limit was reached before this attempt (an older configuration's, say): the last statement stands
        runs.checkpoint(run, Checkpoint.advance(run.currentStep(), run.currentStep())
                .completed(transcript.isEmpty() ? "" : transcript.get(transcript.size() - 1).content()));
    }

    /** Who speaks at {@code turn}; a model's choice is billed with the turn. */
    private RunTurns.Speaker next(Run run, TeamConfig.Collaboration config, List<RunTurns.Speaker> members,
                                  RunTurns.Speaker facilitator, List<Statement> transcript, int turn, JobContext job,
                                  Checkpoint checkpoint) throws RunTurns.Failed {
        if (config.speakerSelection() == TeamConfig.SpeakerSelection.ROUND_ROBIN || members.size() == 1) {
            return members.get(turn % members.size());
        }
        RunTurns.Speaker chooser = facilitator != null ? facilitator : members.get(0);
        String last = transcript.isEmpty() ? null : transcript.get(transcript.size() - 1).speaker();
        List<RunTurns.Speaker> candidates = members.stream().filter(m -> !m.agent().name().equals(last)).toList();
        if (candidates.size() == 1) {
            return candidates.get(0); // nobody to choose between
        }
        StringBuilder ask = new StringBuilder(discussion(run, transcript)).append("\n\nCandidates: ");
        ask.append(String.join(", ", candidates.stream().map(m -> m.agent().name()).toList()));
        ask.append("\nWho should speak next? Reply with only the name of the next speaker.");
        List<ChatMessage> prompt = runner.prompt(chooser.agent(), "You moderate a discussion between team members.", List.of(),
                ask.toString(), false);
        RunTurns.Asked asked = turns.ask(run, chooser, prompt, List.of(), true, job, AgentRunner.ordered("turn", turn,
                "choosing", true));
        checkpoint.spent(asked.outcome());
        String reply = asked.outcome().text().toLowerCase(Locale.ROOT);
        return candidates.stream().sorted(Comparator.comparingInt((RunTurns.Speaker m) -> -m.agent().name().length()))
                .filter(m -> reply.contains(m.agent().name().toLowerCase(Locale.ROOT)))
                .findFirst().orElse(candidates.get(turn % candidates.size()));
    }

    /** The run's output if the discussion ends after this turn, else null. */
    private String end(Run run, TeamConfig.Collaboration config, List<RunTurns.Speaker> members, RunTurns.Speaker facilitator,
                       List<Statement> transcript, int turn, JobContext job, Checkpoint checkpoint) throws RunTurns.Failed {
        String last = transcript.get(transcript.size() - 1).content();
        if (config.termination() == TeamConfig.Termination.CONSENSUS && transcript.size() >= members.size()) {
            long agreeing = transcript.subList(transcript.size() - members.size(), transcript.size()).stream()
                    .filter(s -> s.content() != null && s.content().toUpperCase(Locale.ROOT).contains(AGREE)).count();
            if (agreeing * 2 >= members.size()) {
                return last.replace(AGREE, "").strip();
            }
        }
        if (config.termination() == TeamConfig.Termination.FACILITATOR_DECISION && facilitator != null
                && (turn + 1) % members.size() == 0) {
            String ask = discussion(run, transcript) + "\n\nHas the discussion reached its goal? If it has, reply " + DONE
                    + " followed by the final statement of the team; otherwise reply CONTINUE.";
            List<ChatMessage> prompt = runner.prompt(facilitator.agent(), "You facilitate a discussion between team members.",
                    List.of(), ask, false);
            RunTurns.Asked decision = turns.ask(run, facilitator, prompt, List.of(), true, job,
                    AgentRunner.ordered("turn", turn, "deciding", true));
            String text = decision.outcome().text().strip();
            int done = text.toUpperCase(Locale.ROOT).indexOf(DONE);
            if (done >= 0) {
                String statement = text.substring(done + DONE.length()).strip();
                String output = statement.isEmpty() ? last : statement;
                checkpoint.said(new Checkpoint.Said(turn, null, facilitator.agent().id(), facilitator.agent().name(),
                        RunMessage.Role.FACILITATOR, RunMessage.Type.FINAL, output, decision.outcome()));
                return output;
            }
            checkpoint.spent(decision.outcome());
        }
        return turn + 1 >= config.maxTurns() ? last : null;
    }

    private static String rules(TeamConfig.Collaboration config) {
        String rules = "You are one member of a team discussing a task in turns. Build on what was said; be concise.";
        if (config.termination() == TeamConfig.Termination.CONSENSUS) {
            rules += " When you agree with the conclusion the discussion has reached and have nothing to add, say so and "
                    + "include " + AGREE + " in your reply.";
        }
        return rules;
    }

    private static String message(Run run, List<Statement> transcript, RunTurns.Speaker speaker) {
        return discussion(run, transcript) + "\n\nIt is your turn, " + speaker.agent().name() + ".";
    }

    private static String discussion(Run run, List<Statement> transcript) {
        StringBuilder s = new StringBuilder("Topic: ").append(run.inputTask().strip());
        if (!transcript.isEmpty()) {
            s.append("\n\nThe discussion so far:");
            transcript.forEach(t -> s.append("\n- ").append(t.speaker()).append(": ").append(t.content() == null ? ""
                    : t.content().strip()));
        }
        return s.toString();
    }
}
