package io.agentry.runs;

import io.agentry.agents.AgentRunner;
import io.agentry.jobs.JobContext;
import io.agentry.jobs.JobFailure;
import io.agentry.jobs.JobHandler;
import io.agentry.jobs.RetryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A member's delegation in an orchestrator run, as a job of its own: the member gets only the
 * task, context and expected output the lead sent (never the lead's transcript) and its final
 * answer becomes the tool call's result, verbatim. A model failure that may pass is tried again;
 * otherwise the lead is told the member could not do it, and decides.
 */
@ApplicationScoped
public class DelegationHandler implements JobHandler {

    public static final String KIND = "team.delegation";

    @Inject
    RunService runs;

    @Inject
    RunTurns turns;

    @Inject
    @ConfigProperty(name = "agentry.runs.workers", defaultValue = "32")
    int workers;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int concurrency() {
        return Math.max(1, workers);
    }

    @Override
    public RetryPolicy retryPolicy() {
        return RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    @Override
    public void run(JobContext job) {
        RunService.Delegation d = runs.startDelegation(job.subjectId());
        if (d == null) {
            return; // the run or the call is over
        }
        RunCall call = d.call();
        Map<String, Object> context = AgentRunner.ordered("round", call.round(), "call_id", call.callId(),
                "member_agent_id", call.memberAgentId());
        RunTurns.Outcome outcome;
        try {
            outcome = turns.take(d.run(), call.memberAgentId(), message(call), job, context);
        } catch (RunTurns.Failed f) {
            if (job.shouldStop()) {
                return;
            }
            if (f.retriable() && !job.isLastAttempt()) {
                throw JobFailure.retry(f.getMessage(), f);
            }
            String name = f.spent() == null ? null : f.spent().speaker().agent().name();
            job.complete(() -> runs.endDelegation(d, RunCall.Status.FAILED, "The member could not do it: " + f.getMessage(),
                    f.spent(), name));
            return;
        }
        job.complete(() -> runs.endDelegation(d, RunCall.Status.COMPLETED, outcome.text(), outcome,
                outcome.speaker().agent().name()));
    }

    @Override
    public void onGiveUp(JobContext job, String reason) {
        RunService.Delegation d = runs.startDelegation(job.subjectId());
        if (d != null) {
            runs.endDelegation(d, RunCall.Status.FAILED, "The member could not do it: " + reason, null, null);
        }
    }

    /** All the member is given: the lead's task, context and expected output. */
    static String message(RunCall call) {
        StringBuilder m = new StringBuilder(nonNull(OrchestratorMode.argument(call.arguments(), "task")));
        String context = OrchestratorMode.argument(call.arguments(), "context");
        if (context != null && !context.isBlank()) {
            m.append("\n\nContext:\n").append(context.strip());
        }
        String expected = OrchestratorMode.argument(call.arguments(), "expected_output");
        if (expected != null && !expected.isBlank()) {
            m.append("\n\nExpected output: ").append(expected.strip());
        }
        return m.toString();
    }

    private static String nonNull(String s) {
        return s == null || s.isBlank() ? "(the lead sent no task)" : s.strip();
    }
}
