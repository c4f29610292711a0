package io.agentry.tasks;

import io.agentry.agents.AgentProgress;
import io.agentry.agents.AgentRunner;
import io.agentry.agents.AgentService;
import io.agentry.agents.AgentView;
import io.agentry.db.AtomicWrites;
import io.agentry.db.Database;
import io.agentry.db.RowColumns;
import io.agentry.db.RowQuery;
import io.agentry.db.SqlErrors;
import io.agentry.db.Times;
import io.agentry.events.EventLog;
import io.agentry.http.ApiException;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.StoredJson;
import io.agentry.http.auth.Caller;
import io.agentry.jobs.JobQueue;
import io.agentry.jobs.NewJob;
import io.agentry.runs.RunService;
import io.agentry.teams.TeamService;
import io.agentry.usage.PriceTable;
import io.agentry.usage.UsageService;
import io.agentry.webhooks.WebhookEvents;
import io.agentry.webhooks.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tasks of an organization. A task assigned to an agent is dispatched at once: a job of kind
 * {@link TaskRunHandler#KIND} in the same transaction, run by priority then age. A task assigned
 * to a team starts a team run, which it follows (running, then its output as the result). Every change of
 * status is an event of the task's live stream and, where the CrewForm events name it, a webhook
 * message in the outbox, both in the transaction of the change.
 */
@ApplicationScoped
public class TaskService {

    @Inject
    TaskStore store;

    @Inject
    AgentService agents;

    @Inject
    TeamService teams;

    @Inject
    JobQueue jobs;

    @Inject
    WebhookOutbox outbox;

    @Inject
    EventLog events;

    @Inject
    UsageService usage;

    @Inject
    PriceTable prices;

    @Inject
    Database database;

    @Inject
    RunService runs;

    @Inject
    TeamTasks teamTasks;

    /** Attempts of a task's run when the model fails in a way that may pass (429, 5xx, no connection). */
    @Inject
    @ConfigProperty(name = "agentry.tasks.max-attempts", defaultValue = "3")
    int maxAttempts;

    // ---------------------------------------------------------------- the API's operations

    /**
     * Stores the task, its first event and (with an agent) its job together, in one round trip on
     * PostgreSQL and no container transaction: the create is on the hot path of every integration.
     */
    public TaskView create(Caller caller, TaskInput.NewTask request) {
        AgentView agent = null;
        if (request.agentId() != null) {
            try {
                agent = agents.getRecent(caller, request.agentId()); // as last read: the insert's foreign key checks it is there
            } catch (ApiException notFound) {
                throw ApiException.invalid("assigned_agent_id", "is not an agent of this organization");
            }
        }
        if (request.teamId() != null) {
            team(caller, request.teamId());
        }
        Task task = new Task(UUID.randomUUID(), caller.organizationId(), caller.userId(), caller.tokenId(), Times.now());
        task.setTitle(request.title());
        task.setDescription(request.description());
        task.setPriority(request.priority());
        task.assign(request.agentId(), request.teamId());
        if (request.metadataJson() != null) {
            task.setMetadataJson(request.metadataJson());
        }
        if (request.teamId() != null) {
            return view(teamTasks.insertAndRun(caller, task));
        }
        if (agent != null) {
            task.dispatched(Times.now());
        }
        AtomicWrites writes = store.insert(new AtomicWrites(), task);
        events.addTo(writes, task.getId(), "status", status(task));
        if (agent != null) {
            jobs.addTo(writes, job(task));
        }
        try {
            writes.execute(database);
        } catch (SQLException e) {
            if (SqlErrors.isForeignKeyViolation(e)) { // deleted since it was read
                throw request.teamId() != null ? ApiException.invalid("assigned_team_id", "is not a team of this organization")
                        : ApiException.invalid("assigned_agent_id", "is not an agent of this organization");
            }
            throw new IllegalStateException("cannot store task " + task.getId() + ": " + e.getMessage(), e);
        }
        events.announce(task.getId());
        if (agent != null) {
            jobs.announce(TaskRunHandler.KIND);
        }
        return view(task);
    }

    public Page<TaskView> list(Caller caller, PageRequest page, TaskInput.Filter filter) {
        return page.page(store.list(caller.organizationId(), page, filter), Task::getCreatedAt, Task::getId, TaskService::view);
    }

    /** What {@link #select} filters and orders on: the scalar fields, by the names the API shows. */
    public static final RowColumns COLUMNS = RowColumns.builder()
            .add("id", UUID.class).add("workspace_id", "organization_id", UUID.class).add("title", String.class)
            .add("description", String.class).add("priority", String.class).add("status", String.class)
            .add("assigned_agent_id", UUID.class).add("assigned_team_id", UUID.class).add("result", String.class)
            .add("error", String.class).add("prompt_tokens", Long.class).add("completion_tokens", Long.class)
            .add("cost_usd", BigDecimal.class).add("attempts", Integer.class).add("created_by", UUID.class)
            .add("created_at", OffsetDateTime.class).add("updated_at", OffsetDateTime.class)
            .add("started_at", OffsetDateTime.class).add("completed_at", OffsetDateTime.class)
            .build();

    /** The organization's tasks a generic query asks for (the PostgREST surface). */
    public List<TaskView> select(Caller caller, RowQuery query) {
        return store.select(caller.organizationId(), COLUMNS, query).stream().map(TaskService::view).toList();
    }

    public long count(Caller caller, RowQuery query) {
        return store.count(caller.organizationId(), COLUMNS, query);
    }

    public TaskView get(Caller caller, UUID id) {
        return view(find(caller, id));
    }

    @Transactional
    public TaskView update(Caller caller, UUID id, TaskInput.Change change) {
        Task task = find(caller, id);
        if (change.cancel()) {
            cancel(caller, task);
            if (change.title() == null && change.description() == null && !change.clearDescription() && change.priority() == null
                    && change.metadataJson() == null) {
                return view(task);
            }
        }
        if (change.title() != null) {
            task.setTitle(change.title());
        }
        if (change.description() != null || change.clearDescription()) {
            task.setDescription(change.description());
        }
        if (change.priority() != null) {
            task.setPriority(change.priority());
        }
        if (change.metadataJson() != null) {
            task.setMetadataJson(change.metadataJson());
        }
        boolean reassigned = change.agentId() != null || change.clearAgent() || change.teamId() != null || change.clearTeam();
        if (reassigned) {
            if (task.getStatus() == TaskStatus.DISPATCHED || task.getStatus() == TaskStatus.RUNNING) {
                throw ApiException.conflict("the task is " + task.getStatus().wire() + "; cancel it before assigning it elsewhere");
            }
            if (change.agentId() != null) {
                agent(caller, change.agentId());
            }
            if (change.teamId() != null) {
                team(caller, change.teamId());
            }
            UUID agent = change.agentId() != null ? change.agentId() : change.clearAgent() || change.teamId() != null ? null
                    : task.getAssignedAgentId();
            UUID team = change.teamId() != null ? change.teamId() : change.clearTeam() || change.agentId() != null ? null
                    : task.getAssignedTeamId();
            task.assign(agent, team);
            if (agent != null && task.getStatus() == TaskStatus.PENDING) {
                dispatch(task);
                return view(task);
            }
            if (team != null && task.getStatus() == TaskStatus.PENDING) {
                dispatchToTeam(caller, task);
                return view(task);
            }
        }
        task.touch(Times.now());
        save(task);
        return view(task);
    }

    @Transactional
    public TaskView cancel(Caller caller, UUID id) {
        Task task = find(caller, id);
        cancel(caller, task);
        return view(task);
    }

    /** Runs a failed or cancelled task again (its tokens and cost keep adding up). */
    @Transactional
    public TaskView retry(Caller caller, UUID id) {
        Task task = find(caller, id);
        if (task.getStatus() != TaskStatus.FAILED && task.getStatus() != TaskStatus.CANCELLED) {
            throw ApiException.conflict("only a failed or cancelled task can be retried; this one is " + task.getStatus().wire());
        }
        if (task.getAssignedTeamId() != null) {
            dispatchToTeam(caller, task);
            return view(task);
        }
        if (task.getAssignedAgentId() == null) {
            throw ApiException.conflict("the task has no agent or team to run it; assign one (PATCH assigned_agent_id)");
        }
        agent(caller, task.getAssignedAgentId());
        dispatch(task);
        return view(task);
    }

    /** Deletes the task, cancelling it first if it is queued or running. */
    @Transactional
    public void delete(Caller caller, UUID id) {
        Task task = find(caller, id);
        jobs.cancel(TaskRunHandler.KIND, task.getId());
        runs.cancelTaskRun(task.getId());
        events.remove(task.getId(), null);
        store.delete(task.getId());
    }

    private void cancel(Caller caller, Task task) {
        if (task.getStatus().isFinal()) {
            throw ApiException.conflict("the task is already " + task.getStatus().wire());
        }
        jobs.cancel(TaskRunHandler.KIND, task.getId());
        task.ended(TaskStatus.CANCELLED, task.getResult(), null, Times.now());
        save(task);
        runs.cancelTaskRun(task.getId()); // its run sees the task over already
        announce(task, WebhookEvents.TASK_CANCELLED, agentName(caller, task));
        events.append(task.getId(), "done", status(task));
    }

    /** Starts a run of the task's team for it (saved, with the run and its event). */
    private void dispatchToTeam(Caller caller, Task task) {
        task.dispatched(Times.now());
        save(task);
        try {
            runs.startForTask(caller, task.getAssignedTeamId(), task.getId(), instructions(task));
        } catch (ApiException notFound) {
            if (notFound.status() == 404) {
                throw ApiException.invalid("assigned_team_id", "is not a team of this organization");
            }
            throw notFound;
        }
        events.append(task.getId(), "status", status(task));
    }

    /**
     * A run serving a task started or ended (in its transaction): the task follows, running, then
     * completed with the run's output as its result, failed or cancelled.
     */
    void onRunChanged(@Observes RunService.RunChanged change) {
        io.agentry.runs.Run run = change.run(); // a team run, not this class's Run of an agent
        if (run.taskId() == null) {
            return;
        }
        Task task = store.findForUpdate(run.taskId());
        if (task == null || task.getStatus().isFinal()) {
            return;
        }
        OffsetDateTime now = Times.now();
        String type;
        switch (run.status()) {
            case RUNNING -> {
                task.running(now);
                type = WebhookEvents.TASK_STARTED;
            }
            case COMPLETED -> {
                task.spent(run.promptTokens(), run.completionTokens(), run.costUsd());
                task.ended(TaskStatus.COMPLETED, run.output(), null, now);
                type = WebhookEvents.TASK_COMPLETED;
            }
            case FAILED -> {
                task.spent(run.promptTokens(), run.completionTokens(), run.costUsd());
                task.ended(TaskStatus.FAILED, null, run.error(), now);
                type = WebhookEvents.TASK_FAILED;
            }
            case CANCELLED -> {
                task.spent(run.promptTokens(), run.completionTokens(), run.costUsd());
                task.ended(TaskStatus.CANCELLED, null, null, now);
                type = WebhookEvents.TASK_CANCELLED;
            }
            default -> {
                return;
            }
        }
        save(task);
        announce(task, type, null, run.id());
        events.append(task.getId(), task.getStatus().isFinal() ? "done" : "status", status(task));
    }

    /** Queued for its agent (saved, with its job and event). */
    private void dispatch(Task task) {
        task.dispatched(Times.now());
        save(task);
        queue(task);
        events.append(task.getId(), "status", status(task));
    }

    private void queue(Task task) {
        jobs.enqueue(job(task));
    }

    private NewJob job(Task task) {
        return NewJob.of(TaskRunHandler.KIND, task.getId(), task.getOrganizationId(), Math.max(1, maxAttempts))
                .withPriority(task.getPriority().rank());
    }

    /** Writes the task; a change made meanwhile (its run finishing, another request) is a conflict to retry. */
    private void save(Task task) {
        boolean written;
        try {
            written = store.update(task);
        } catch (IllegalStateException e) {
            // its agent or team was deleted meanwhile (the foreign key's set null did not change its version)
            if (SqlErrors.isForeignKeyViolation(e)) {
                throw ApiException.conflict("the task's agent or team was deleted while this request was handled; read it again");
            }
            throw e;
        }
        if (!written) {
            throw ApiException.conflict("the task changed while this request was handled; read it again and retry");
        }
    }

    private void team(Caller caller, UUID teamId) {
        try {
            teams.find(caller, teamId);
        } catch (ApiException notFound) {
            throw ApiException.invalid("assigned_team_id", "is not a team of this organization");
        }
    }

    private AgentView agent(Caller caller, UUID agentId) {
        try {
            return agents.get(caller, agentId);
        } catch (ApiException notFound) {
            throw ApiException.invalid("assigned_agent_id", "is not an agent of this organization");
        }
    }

    // ---------------------------------------------------------------- the run's steps (TaskRunHandler)

    /** What a run needs of its task; null when there is nothing to run (cancelled, deleted). */
    public record Run(UUID taskId, UUID organizationId, UUID agentId, String instructions, Caller caller) {
    }

    /**
     * The task starts running (dispatched, or running again after a crash); null if it is not to
     * run. The first attempt of a dispatch announces task.started.
     */
    @Transactional
    public Run start(UUID taskId, boolean firstAttempt) {
        TaskStore.Started started = store.startRun(taskId, Times.now());
        if (started == null) {
            return null;
        }
        Task task = started.task();
        Caller caller = Caller.background(task.getOrganizationId(), task.getCreatedBy(), task.getTokenId());
        if (firstAttempt) {
            announce(task, WebhookEvents.TASK_STARTED, started.agentName());
        }
        events.append(task.getId(), "status", status(task));
        return new Run(task.getId(), task.getOrganizationId(), task.getAssignedAgentId(), instructions(task), caller);
    }

    /** In the run's final transaction: the answer is the result. False when the task is no longer running. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean completed(Run run, AgentView agent, AgentProgress progress, String provider, boolean deltasWritten) {
        BigDecimal cost = recordUsage(run, agent, progress, provider);
        Task task = store.completeRun(run.taskId(), progress.text(), progress.promptTokens(), progress.completionTokens(),
                cost, Times.now());
        if (task == null) {
            return false; // cancelled or deleted meanwhile: the usage record stays, the result does not land
        }
        announce(task, WebhookEvents.TASK_COMPLETED, agent.name());
        if (deltasWritten) {
            events.remove(task.getId(), "delta");
        }
        events.append(task.getId(), "done", status(task));
        return true;
    }

    /** In the transaction that re-queues the run: what the failed attempt spent, and why it failed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void retrying(UUID taskId, Run run, AgentView agent, AgentProgress progress, String provider, String reason) {
        Task task = store.findForUpdate(taskId);
        if (task == null || task.getStatus().isFinal()) {
            return;
        }
        if (run != null && agent != null) {
            spend(run, task, agent, progress, provider);
        }
        task.retrying("attempt " + task.getAttempts() + " failed: " + reason + "; trying again", Times.now());
        save(task);
        events.remove(task.getId(), "delta");
        events.append(task.getId(), "status", status(task));
    }

    /** In the transaction that ends the run: the task failed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void failed(UUID taskId, Run run, AgentView agent, AgentProgress progress, String provider, String reason) {
        Task task = store.findForUpdate(taskId);
        if (task == null || task.getStatus().isFinal()) {
            return;
        }
        if (run != null && agent != null) {
            spend(run, task, agent, progress, provider);
        }
        task.ended(TaskStatus.FAILED, null, reason, Times.now());
        save(task);
        Caller caller = Caller.background(task.getOrganizationId(), task.getCreatedBy(), task.getTokenId());
        announce(task, WebhookEvents.TASK_FAILED, agent != null ? agent.name() : agentName(caller, task));
        events.remove(task.getId(), "delta");
        events.append(task.getId(), "done", status(task));
    }

    /** The task's totals grow by the attempt's model calls (see {@link #recordUsage}). */
    private void spend(Run run, Task task, AgentView agent, AgentProgress progress, String provider) {
        if (progress != null) {
            task.spent(progress.promptTokens(), progress.completionTokens(), recordUsage(run, agent, progress, provider));
        }
    }

    /** One usage record per model call, linked to the task; returns their estimated cost. */
    private BigDecimal recordUsage(Run run, AgentView agent, AgentProgress progress, String provider) {
        BigDecimal cost = BigDecimal.ZERO;
        if (progress.calls().isEmpty()) {
            return cost;
        }
        AtomicWrites writes = new AtomicWrites();
        for (AgentProgress.ModelCall call : progress.calls()) {
            usage.record(writes, run.caller(), new UsageService.Call(agent.id(), null, null, run.taskId(), null, provider, agent.model(),
                    call.promptTokens(), call.completionTokens()));
            cost = cost.add(prices.cost(agent.model(), call.promptTokens(), call.completionTokens()));
        }
        try {
            writes.executeInTransaction(database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the usage of task " + run.taskId() + ": " + e.getMessage(), e);
        }
        return cost;
    }

    static String instructions(Task task) {
        return task.getDescription() == null || task.getDescription().isBlank() ? task.getTitle()
                : task.getTitle() + "\n\n" + task.getDescription();
    }

    // ---------------------------------------------------------------- events and views

    /**
     * The webhook message: CrewForm's payload fields (task_id, team_run_id, task_title,
     * agent_name, status, result_preview of 500 characters, result_full, error, timestamp) and more.
     */
    private void announce(Task task, String type, String agentName) {
        announce(task, type, agentName, null);
    }

    private void announce(Task task, String type, String agentName, UUID teamRunId) {
        String result = task.getResult();
        outbox.publish(task.getOrganizationId(), type, AgentRunner.ordered(
                "task_id", task.getId(), "team_run_id", teamRunId, "task_title", task.getTitle(), "agent_name", agentName,
                "agent_id", task.getAssignedAgentId(), "status", task.getStatus().wire(), "priority", task.getPriority().wire(),
                "result_preview", result == null ? null : result.length() <= 500 ? result : result.substring(0, 500),
                "result_full", result, "error", task.getError(),
                "tokens_total", task.getPromptTokens() + task.getCompletionTokens(), "cost_usd", task.getCostUsd(),
                "metadata", StoredJson.tree(task.getMetadataJson(), "{}"), "timestamp", Times.now().toString()));
    }

    /** In the transaction: the agent is read on its connection. */
    private String agentName(Caller caller, Task task) {
        if (task.getAssignedAgentId() == null) {
            return null;
        }
        try {
            return agents.get(caller, task.getAssignedAgentId()).name();
        } catch (ApiException gone) {
            return null;
        }
    }

    static Map<String, Object> status(Task task) {
        return AgentRunner.ordered("status", task.getStatus().wire(), "error", task.getError(), "attempts", task.getAttempts(),
                "result", task.getStatus().isFinal() ? task.getResult() : null, "at", Times.now().toString());
    }

    private Task find(Caller caller, UUID id) {
        Task task = store.find(id);
        if (task == null || !task.getOrganizationId().equals(caller.organizationId())) {
            throw ApiException.notFound("task not found");
        }
        return task;
    }

    static TaskView view(Task t) {
        return new TaskView(t.getId(), t.getOrganizationId(), t.getTitle(), t.getDescription(), t.getPriority().wire(),
                t.getStatus().wire(), t.getAssignedAgentId(), t.getAssignedTeamId(), t.getResult(), t.getError(),
                StoredJson.tree(t.getMetadataJson(), "{}"), t.getPromptTokens(), t.getCompletionTokens(),
                t.getPromptTokens() + t.getCompletionTokens(), t.getCostUsd(), t.getAttempts(), t.getCreatedBy(),
                t.getCreatedAt(), t.getUpdatedAt(), t.getStartedAt(), t.getCompletedAt());
    }

    /** The kind of a finished run's last event: the stream ends there. */
    static boolean isLast(String eventType) {
        return eventType.equals("done");
    }
}
