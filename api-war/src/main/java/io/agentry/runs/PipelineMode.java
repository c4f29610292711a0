package io.agentry.runs;

import io.agentry.agents.AgentRunner;
import io.agentry.events.EventLog;
import io.agentry.jobs.JobContext;
import io.agentry.jobs.JobFailure;
import io.agentry.teams.TeamConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A pipeline: steps in order, each step's agent given the input task, its instructions and
 * expected output, and the output the previous step handed on. A failed step is retried with
 * exponential backoff (a new attempt of the run's job, so a restart does not reset it), skipped
 * (the next step gets what the last step that worked handed on) or stops the run. Without
 * {@code auto_handoff} the run pauses after every step but the last until a person resumes it.
 */
@ApplicationScoped
public class PipelineMode {

    @Inject
    RunService runs;

    @Inject
    RunTurns turns;

    @Inject
    EventLog events;

    /** The first retry's delay; each further one doubles it. */
    @Inject
    @ConfigProperty(name = "agentry.runs.retry-base-millis", defaultValue = "1000")
    long retryBaseMillis;

    void run(Run run, TeamConfig.Pipeline config, JobContext job) {
        List<TeamConfig.Step> steps = config.steps();
        int at = run.currentStep();
        while (at < steps.size()) {
            if (job.shouldStop()) {
                return;
            }
            TeamConfig.Step step = steps.get(at);
            Map<String, Object> context = AgentRunner.ordered("step", at, "step_name", step.name());
            events.append(run.id(), "step_started", RunTurns.with(context, "agent_id", step.agentId(),
                    "attempt", run.stepAttempts() + 1));
            boolean last = at == steps.size() - 1;
            RunTurns.Outcome outcome;
            try {
                outcome = turns.take(run, step.agentId(), message(run, step, at, steps.size()), job, context);
            } catch (RunTurns.Failed failure) {
                if (job.shouldStop()) {
                    return;
                }
                run = failed(run, step, at, last, failure);
                if (run == null || run.status() != RunStatus.RUNNING) {
                    return;
                }
                at++;
                continue;
            }
            String output = outcome.text();
            Checkpoint done = Checkpoint.advance(at, at + 1).handoff(output)
                    .said(said(at, step, outcome, RunMessage.Type.OUTPUT, output))
                    .event("step_finished", RunTurns.with(context, "status", "completed", "output", output));
            if (last) {
                done.completed(output);
            } else if (!config.autoHandoff()) {
                done.status(RunStatus.PAUSED).event("paused", RunTurns.with(context, "output", output));
            }
            run = runs.checkpoint(run, done);
            if (run == null || run.status() != RunStatus.RUNNING) {
                return; // cancelled meanwhile, paused for review, or done
            }
            at++;
        }
    }

    /**
     * on_failure: another attempt after a growing delay (thrown), the step skipped (the run as it
     * goes on), or the run stopped (null).
     */
    private Run failed(Run run, TeamConfig.Step step, int at, boolean last, RunTurns.Failed failure) {
        int attempts = run.stepAttempts() + 1;
        String reason = failure.getMessage();
        Map<String, Object> context = AgentRunner.ordered("step", at, "step_name", step.name());
        if (step.onFailure() == TeamConfig.OnFailure.RETRY && attempts <= step.maxRetries()) {
            Duration delay = Duration.ofMillis(Math.min(60_000, retryBaseMillis << Math.min(16, attempts - 1)));
            Checkpoint retry = Checkpoint.failedAttempt(at, run.stepAttempts())
                    .said(said(at, step, failure.spent(), RunMessage.Type.FAILED, "attempt " + attempts + " failed: " + reason))
                    .event("step_finished", RunTurns.with(context, "status", "retrying", "error", reason, "attempt", attempts,
                            "retry_in_ms", delay.toMillis()));
            if (runs.checkpoint(run, retry) != null) {
                throw JobFailure.retryAfter("step " + (at + 1) + " (" + step.name() + ") attempt " + attempts + " failed: "
                        + reason, delay);
            }
            return null;
        }
        if (step.onFailure() == TeamConfig.OnFailure.SKIP) {
            Checkpoint skip = Checkpoint.advance(at, at + 1)
                    .said(said(at, step, failure.spent(), RunMessage.Type.SKIPPED, "skipped: " + reason))
                    .event("step_finished", RunTurns.with(context, "status", "skipped", "error", reason));
            if (last) {
                skip.completed(run.handoff());
            }
            return runs.checkpoint(run, skip);
        }
        String why = "step " + (at + 1) + " (" + step.name() + ") failed"
                + (step.onFailure() == TeamConfig.OnFailure.RETRY ? " after " + attempts + " attempts" : "") + ": " + reason;
        runs.checkpoint(run, Checkpoint.failedAttempt(at, run.stepAttempts())
                .said(said(at, step, failure.spent(), RunMessage.Type.FAILED, why))
                .event("step_finished", RunTurns.with(context, "status", "failed", "error", reason))
                .failed(why));
        return null;
    }

    private static Checkpoint.Said said(int at, TeamConfig.Step step, RunTurns.Outcome outcome, RunMessage.Type type,
                                        String content) {
        String agentName = outcome == null ? null : outcome.speaker().agent().name();
        return new Checkpoint.Said(at, step.name(), step.agentId(), agentName, RunMessage.Role.STEP, type, content, outcome);
    }

    /** What the step's agent is given: the task, its part in it, and what the step before handed on. */
    static String message(Run run, TeamConfig.Step step, int at, int total) {
        StringBuilder m = new StringBuilder(run.inputTask().strip());
        m.append("\n\n--- Your step: ").append(step.name()).append(" (").append(at + 1).append(" of ").append(total).append(")");
        if (step.instructions() != null && !step.instructions().isBlank()) {
            m.append("\nInstructions: ").append(step.instructions().strip());
        }
        if (step.expectedOutput() != null && !step.expectedOutput().isBlank()) {
            m.append("\nExpected output: ").append(step.expectedOutput().strip());
        }
        if (run.handoff() != null && at > 0) {
            m.append("\n\n--- Output of the previous step:\n").append(run.handoff().strip());
        }
        return m.toString();
    }
}
