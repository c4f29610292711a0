package io.agentry.runs;

import io.agentry.jobs.JobContext;
import io.agentry.jobs.JobHandler;
import io.agentry.jobs.RetryPolicy;
import io.agentry.teams.TeamConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs a team run as a job: the run starts (or goes on where its last checkpoint left it, after
 * a restart, a retry or a review) and its mode takes it from there. A mode that waits (a pause,
 * the end) simply returns; a step to retry later is a {@link io.agentry.jobs.JobFailure} with
 * the step's backoff.
 */
@ApplicationScoped
public class RunHandler implements JobHandler {

    public static final String KIND = "team.run";

    @Inject
    RunService runs;

    @Inject
    PipelineMode pipeline;

    @Inject
    OrchestratorMode orchestrator;

    @Inject
    CollaborationMode collaboration;

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

    /** Step retries ask for their own delay; this only spaces out restarts after unexpected errors. */
    @Override
    public RetryPolicy retryPolicy() {
        return RetryPolicy.exponential(Duration.ofMillis(200), Duration.ofMinutes(1));
    }

    @Override
    public void run(JobContext job) throws Exception {
        Run run = runs.begin(job.subjectId());
        if (run == null) {
            return; // paused, over or deleted
        }
        TeamConfig config = TeamConfig.stored(run.mode(), run.configJson());
        if (config instanceof TeamConfig.Pipeline p) {
            pipeline.run(run, p, job);
        } else if (config instanceof TeamConfig.Orchestrator o) {
            orchestrator.run(run, o, job);
        } else if (config instanceof TeamConfig.Collaboration c) {
            collaboration.run(run, c, job);
        }
    }

    @Override
    public void onGiveUp(JobContext job, String reason) {
        runs.failed(job.subjectId(), reason);
    }
}
