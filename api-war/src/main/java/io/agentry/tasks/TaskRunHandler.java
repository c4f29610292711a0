package io.agentry.tasks;

import io.agentry.agents.AgentEvents;
import io.agentry.agents.AgentProgress;
import io.agentry.agents.AgentRequest;
import io.agentry.agents.AgentRunner;
import io.agentry.agents.AgentService;
import io.agentry.agents.AgentView;
import io.agentry.events.DeltaEvents;
import io.agentry.events.EventLog;
import io.agentry.http.ApiException;
import io.agentry.jobs.JobContext;
import io.agentry.jobs.JobFailure;
import io.agentry.jobs.JobHandler;
import io.agentry.jobs.RetryPolicy;
import io.agentry.llm.CallAbort;
import io.agentry.llm.ModelCaller;
import io.agentry.llm.ProviderEndpoint;
import io.agentry.llm.ProviderFailure;
import io.agentry.providers.ProviderEndpoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs a task as a job: the task turns running, its agent answers its title and description
 * (with its tools and knowledge bases; the answer streamed into the task's events), and the
 * answer becomes the result in the job's final transaction, which only lands while the task is
 * still running: a task cancelled meanwhile stays cancelled (its model call is dropped at once).
 * Model failures that may pass (429, 5xx, no connection) are tried again with backoff; a refusal
 * (another 4xx) or a missing key fails the task at once.
 */
@ApplicationScoped
public class TaskRunHandler implements JobHandler {

    public static final String KIND = "task.run";

    @Inject
    TaskService tasks;

    @Inject
    AgentService agents;

    @Inject
    AgentRunner runner;

    @Inject
    ProviderEndpoints endpoints;

    @Inject
    EventLog events;

    @Inject
    @ConfigProperty(name = "agentry.tasks.workers", defaultValue = "32")
    int workers;

    @Inject
    @ConfigProperty(name = "agentry.tasks.retry-base-millis", defaultValue = "5000")
    long retryBaseMillis;

    /** Stream the answer from the model into the task's delta events; false asks for it whole (less work per task). */
    @Inject
    @ConfigProperty(name = "agentry.tasks.stream-answers", defaultValue = "true")
    boolean streamAnswers;

    /** What an attempt had when it failed: kept for the usage it recorded. */
    private record Attempt(TaskService.Run run, AgentView agent, AgentProgress progress, String provider) {
    }

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
        return RetryPolicy.exponential(Duration.ofMillis(Math.max(1, retryBaseMillis)), Duration.ofMinutes(10));
    }

    @Override
    public void run(JobContext job) throws IOException {
        TaskService.Run run = tasks.start(job.subjectId(), job.attempt() == 1);
        if (run == null) {
            return; // cancelled or deleted before it ran
        }
        AgentView agent;
        ProviderEndpoint endpoint;
        try {
            agent = agents.getRecent(run.caller(), run.agentId());
            endpoint = AgentRunner.endpoint(endpoints.of(run.organizationId()), agent);
        } catch (ApiException e) {
            throw JobFailure.permanent("the assigned agent no longer exists");
        } catch (AgentRunner.UnsupportedProvider | ProviderFailure e) {
            throw JobFailure.permanent(e.getMessage());
        }
        AgentProgress progress = new AgentProgress();
        job.note(new Attempt(run, agent, progress, endpoint.provider().wire()));
        DeltaEvents deltas = new DeltaEvents(events, run.taskId(), progress.textBuffer(), Map.of());
        CallAbort abort = CallAbort.bind();
        job.onAbort(abort::abort);
        try {
            runner.run(new AgentRequest(run.caller(), agent, endpoint, List.of(), run.instructions()), progress, new AgentEvents() {
                @Override
                public ModelCaller.Output stream() {
                    return streamAnswers ? deltas : null;
                }

                @Override
                public void toolCall(String id, String name, Object arguments) {
                    events.append(run.taskId(), "tool_call", AgentRunner.ordered("id", id, "name", name, "arguments", arguments));
                }

                @Override
                public void toolResult(String id, String name, List<Map<String, Object>> citations) {
                    events.append(run.taskId(), "tool_result", AgentRunner.ordered("id", id, "name", name, "citations", citations));
                }
            });
            deltas.finish();
        } catch (ProviderFailure failure) {
            if (job.shouldStop()) {
                return; // cancelled: the call was dropped on purpose
            }
            throw failure.retriable() ? JobFailure.retry(failure.getMessage(), failure) : JobFailure.permanent(failure.getMessage(), failure);
        } catch (ModelCaller.ClientGone impossible) { // the deltas' output never fails
            throw new IllegalStateException(impossible);
        } finally {
            abort.unbind();
        }
        job.complete(() -> tasks.completed(run, agent, progress, endpoint.provider().wire(), deltas.written()));
    }

    @Override
    public void onRetry(JobContext job, String reason, long delayMillis) {
        Attempt a = job.note();
        tasks.retrying(job.subjectId(), a == null ? null : a.run(), a == null ? null : a.agent(),
                a == null ? null : a.progress(), a == null ? null : a.provider(), reason);
    }

    @Override
    public void onGiveUp(JobContext job, String reason) {
        Attempt a = job.note();
        tasks.failed(job.subjectId(), a == null ? null : a.run(), a == null ? null : a.agent(),
                a == null ? null : a.progress(), a == null ? null : a.provider(), reason);
    }
}
