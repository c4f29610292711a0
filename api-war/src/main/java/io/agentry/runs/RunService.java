package io.agentry.runs;

import io.agentry.agents.AgentProgress;
import io.agentry.agents.AgentRunner;
import io.agentry.db.AtomicWrites;
import io.agentry.db.Database;
import io.agentry.db.RowColumns;
import io.agentry.db.RowQuery;
import io.agentry.db.Times;
import io.agentry.events.EventLog;
import io.agentry.http.ApiException;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.auth.Caller;
import io.agentry.jobs.JobQueue;
import io.agentry.jobs.NewJob;
import io.agentry.teams.Team;
import io.agentry.http.StoredJson;
import io.agentry.teams.TeamConfig;
import io.agentry.teams.TeamMode;
import io.agentry.teams.TeamService;
import io.agentry.usage.PriceTable;
import io.agentry.usage.UsageService;
import io.agentry.webhooks.WebhookEvents;
import io.agentry.webhooks.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Team runs: started on a team (copying its configuration), run as jobs of kind
 * {@link RunHandler#KIND}, followed live through the run's events, cancelled with everything
 * they started, resumed after a review. The modes ({@link PipelineMode}, {@link OrchestratorMode},
 * {@link CollaborationMode}) move a run on only through {@link #checkpoint}, so whatever was
 * done before a crash is never done again.
 */
@ApplicationScoped
public class RunService {

    /** Attempts of a run's job: its on_failure retries and restarts after a crash both count. */
    static final int MAX_ATTEMPTS = 250;

    @Inject
    RunStore store;

    @Inject
    TeamService teams;

    @Inject
    JobQueue jobs;

    @Inject
    EventLog events;

    @Inject
    WebhookOutbox outbox;

    @Inject
    UsageService usage;

    @Inject
    PriceTable prices;

    @Inject
    Database database;

    @Inject
    Event<RunChanged> changes;

    /** A run started or ended: a task it serves follows (observed in the same transaction). */
    public record RunChanged(Run run) {
    }

    // ---------------------------------------------------------------- the API's operations

    @Transactional
    public RunView start(Caller caller, RunInput.NewRun request) {
        Team team;
        try {
            team = teams.find(caller, request.teamId());
        } catch (ApiException notFound) {
            throw ApiException.invalid("team_id", "is not a team of this organization");
        }
        return view(queue(caller, team, request.inputTask(), null), List.of());
    }

    /**
     * In the caller's transaction: a run of the team for a task (the task's title and
     * description are its input). Throws 409 when the team cannot run (a pipeline without steps).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Run startForTask(Caller caller, UUID teamId, UUID taskId, String input) {
        return queue(caller, teams.find(caller, teamId), input, taskId);
    }

    private Run queue(Caller caller, Team team, String input, UUID taskId) {
        if (TeamConfig.stored(team.mode(), team.configJson()) == null) {
            throw ApiException.conflict("the team has no steps yet; give it a config before running it");
        }
        OffsetDateTime now = Times.now();
        Run run = new Run(UUID.randomUUID(), caller.organizationId(), team.id(), team.name(), team.mode(), team.configJson(),
                RunStatus.PENDING, input, null, null, 0, 0, null, 0, 0, BigDecimal.ZERO, taskId, caller.userId(), caller.tokenId(),
                now, now, null, null, 1);
        try {
            store.insert(new AtomicWrites(), run).executeInTransaction(database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store run " + run.id() + ": " + e.getMessage(), e);
        }
        store.addMessage(new RunMessage(UUID.randomUUID(), run.id(), 0, null, null, null, null, RunMessage.Role.USER,
                RunMessage.Type.INPUT, input, 0, 0, BigDecimal.ZERO, null, now));
        jobs.enqueue(job(run));
        events.append(run.id(), "status", status(run));
        return run;
    }

    public Page<RunView> list(Caller caller, PageRequest page, RunInput.Filter filter) {
        return page.page(store.list(caller.organizationId(), page, filter.teamId(), filter.status()), Run::createdAt, Run::id,
                r -> view(r, null));
    }

    /** What {@link #select} filters and orders on: the scalar fields, by the names the API shows. */
    public static final RowColumns COLUMNS = RowColumns.builder()
            .add("id", UUID.class).add("workspace_id", "organization_id", UUID.class).add("team_id", UUID.class)
            .add("team_name", String.class).add("mode", String.class).add("status", String.class)
            .add("input_task", String.class).add("output", String.class).add("error", String.class)
            .add("current_step", Integer.class).add("prompt_tokens", Long.class).add("completion_tokens", Long.class)
            .add("cost_usd", BigDecimal.class).add("task_id", UUID.class).add("created_by", UUID.class)
            .add("created_at", OffsetDateTime.class).add("updated_at", OffsetDateTime.class)
            .add("started_at", OffsetDateTime.class).add("completed_at", OffsetDateTime.class)
            .build();

    /** The organization's runs a generic query asks for (the PostgREST surface), without their transcripts. */
    public List<RunView> select(Caller caller, RowQuery query) {
        return store.select(caller.organizationId(), COLUMNS, query).stream().map(r -> view(r, null)).toList();
    }

    public long count(Caller caller, RowQuery query) {
        return store.count(caller.organizationId(), COLUMNS, query);
    }

    public RunView get(Caller caller, UUID id) {
        Run run = find(caller, id);
        return view(run, store.messages(id).stream().map(RunMessageView::of).toList());
    }

    /** 404 unless the run is the caller's organization's (before its event stream opens). */
    public void requireVisible(Caller caller, UUID id) {
        find(caller, id);
    }

    /** Stops the run and every delegation it started; a run already over is a 409. */
    @Transactional
    public RunView cancel(Caller caller, UUID id) {
        Run run = find(caller, id);
        if (run.status().isFinal()) {
            throw ApiException.conflict("the run is already " + run.status().wire());
        }
        Run cancelled = cancel(run);
        if (cancelled == null) {
            throw ApiException.conflict("the run ended while this request was handled; read it again");
        }
        return view(cancelled, null);
    }

    /** In the caller's transaction: the run stops with everything it started (null if it had ended). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Run cancel(Run run) {
        Run cancelled = store.end(run.id(), RunStatus.CANCELLED, null, null, RunStore.Spend.NONE, Times.now(),
                RunStatus.PENDING, RunStatus.RUNNING, RunStatus.PAUSED);
        if (cancelled == null) {
            return null;
        }
        jobs.cancel(RunHandler.KIND, run.id());
        for (UUID call : store.cancelCalls(run.id(), Times.now())) {
            jobs.cancel(DelegationHandler.KIND, call);
        }
        ended(cancelled);
        return cancelled;
    }

    /** The run of a task, if one is under way (a task cancelled or deleted takes it along). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cancelTaskRun(UUID taskId) {
        Run run = store.openRunOfTask(taskId);
        if (run != null) {
            cancel(run);
        }
    }

    /** A paused run goes on; {@code output}, when given, is what the next step receives instead. */
    @Transactional
    public RunView resume(Caller caller, UUID id, String output) {
        Run run = find(caller, id);
        if (run.status() != RunStatus.PAUSED) {
            throw ApiException.conflict("only a paused run can be resumed; this one is " + run.status().wire());
        }
        Run resumed = store.resume(id, output, Times.now());
        if (resumed == null) {
            throw ApiException.conflict("the run changed while this request was handled; read it again");
        }
        if (output != null) {
            store.addMessage(new RunMessage(UUID.randomUUID(), id, 0, run.currentStep(), null, null, null, RunMessage.Role.USER,
                    RunMessage.Type.EDITED, output, 0, 0, BigDecimal.ZERO, null, Times.now()));
        }
        jobs.enqueue(job(resumed));
        events.append(id, "status", status(resumed));
        return view(resumed, null);
    }

    // ---------------------------------------------------------------- the run's side (RunHandler, the modes)

    /**
     * The run starts (pending) or goes on (running after a restart or a resume): it as it now is,
     * or null when it is not to run (paused, over, deleted). Its first start announces run.started.
     */
    @Transactional
    public Run begin(UUID id) {
        Run before = store.findForUpdate(id);
        if (before == null || (before.status() != RunStatus.PENDING && before.status() != RunStatus.RUNNING)) {
            return null;
        }
        Run run = store.start(id, Times.now());
        if (before.status() == RunStatus.PENDING) {
            announce(run, WebhookEvents.RUN_STARTED);
            changes.fire(new RunChanged(run));
            events.append(id, "status", status(run));
        }
        return run;
    }

    /**
     * Writes the checkpoint, only while the run is still running at its step: the run as it now
     * is, or null (cancelled meanwhile, or already moved on).
     */
    @Transactional
    public Run checkpoint(Run run, Checkpoint c) {
        OffsetDateTime now = Times.now();
        RunStore.Spend spend = RunStore.Spend.NONE;
        for (RunTurns.Outcome o : c.spent) {
            spend = spend.plus(spend(o));
        }
        Run after = store.checkpoint(run.id(), c, spend, now);
        if (after == null) {
            return null;
        }
        bill(run, c.spent);
        for (Checkpoint.Said m : c.messages) {
            RunStore.Spend s = m.outcome() == null ? RunStore.Spend.NONE : spend(m.outcome());
            store.addMessage(new RunMessage(UUID.randomUUID(), run.id(), 0, m.step(), m.stepName(), m.agentId(), m.agentName(),
                    m.role(), m.type(), m.content(), (int) s.promptTokens(), (int) s.completionTokens(), s.cost(),
                    m.outcome() == null ? null : m.outcome().startedAt(), now));
        }
        for (RunCall call : c.calls) {
            store.addCall(call, now);
            if (call.isDelegation() && !call.status().isFinal()) {
                jobs.enqueue(NewJob.of(DelegationHandler.KIND, call.id(), run.organizationId(), 3));
            }
        }
        for (Checkpoint.Event e : c.events) {
            events.append(run.id(), e.type(), e.data());
        }
        if (after.status().isFinal()) {
            ended(after);
        } else if (after.status() != run.status() || c.next != c.step) {
            events.append(run.id(), "status", status(after));
        }
        return after;
    }

    /** The run failed outside a step (its job gave up): recorded unless it had ended. */
    @Transactional
    public void failed(UUID id, String reason) {
        Run run = store.end(id, RunStatus.FAILED, null, reason, RunStore.Spend.NONE, Times.now(), RunStatus.PENDING,
                RunStatus.RUNNING);
        if (run != null) {
            ended(run);
        }
    }

    /** The run as stored now (a mode reads it again after waiting). */
    public Run reread(UUID id) {
        return store.find(id);
    }

    List<RunMessage> messages(UUID runId) {
        return store.messages(runId);
    }

    List<RunCall> calls(UUID runId) {
        return store.calls(runId);
    }

    // ---------------------------------------------------------------- a member's delegation (DelegationHandler)

    /** The delegation starts: the call and its run, or null when either is over. */
    @Transactional
    public Delegation startDelegation(UUID callId) {
        RunCall call = store.call(callId);
        if (call == null || call.status().isFinal()) {
            return null;
        }
        Run run = store.find(call.runId());
        if (run == null || run.status() != RunStatus.RUNNING) {
            return null;
        }
        store.callRunning(callId);
        return new Delegation(run, call);
    }

    /** A delegation and the run it serves. */
    public record Delegation(Run run, RunCall call) {
    }

    /**
     * The member's answer (or why there is none) lands as the tool call's result, once, with the
     * member's message and usage; the lead, waiting for its round, wakes.
     */
    @Transactional
    public boolean endDelegation(Delegation d, RunCall.Status status, String result, RunTurns.Outcome outcome, String memberName) {
        OffsetDateTime now = Times.now();
        if (!store.endCall(d.call().id(), status, result, now)) {
            return false;
        }
        RunStore.Spend spend = outcome == null ? RunStore.Spend.NONE : spend(outcome);
        if (outcome != null) {
            bill(d.run(), List.of(outcome));
            store.spend(d.run().id(), spend, now);
        }
        store.addMessage(new RunMessage(UUID.randomUUID(), d.run().id(), 0, d.call().round(), null, d.call().memberAgentId(),
                memberName, RunMessage.Role.MEMBER, RunMessage.Type.DELEGATION_RESULT, result, (int) spend.promptTokens(),
                (int) spend.completionTokens(), spend.cost(), outcome == null ? null : outcome.startedAt(), now));
        events.append(d.run().id(), "delegation_result", AgentRunner.ordered("round", d.call().round(), "call_id",
                d.call().callId(), "member", memberName, "agent_id", d.call().memberAgentId(), "status", status.wire(),
                "output", result));
        return true;
    }

    // ---------------------------------------------------------------- helpers

    private NewJob job(Run run) {
        return NewJob.of(RunHandler.KIND, run.id(), run.organizationId(), MAX_ATTEMPTS);
    }

    /** What the outcome's model calls cost. */
    private RunStore.Spend spend(RunTurns.Outcome o) {
        AgentProgress p = o.progress();
        BigDecimal cost = BigDecimal.ZERO;
        for (AgentProgress.ModelCall call : p.calls()) {
            cost = cost.add(prices.cost(o.speaker().agent().model(), call.promptTokens(), call.completionTokens()));
        }
        return new RunStore.Spend(p.promptTokens(), p.completionTokens(), cost);
    }

    /** One usage record per model call, linked to the run (and the task it serves). */
    private void bill(Run run, List<RunTurns.Outcome> outcomes) {
        AtomicWrites writes = new AtomicWrites();
        for (RunTurns.Outcome o : outcomes) {
            for (AgentProgress.ModelCall call : o.progress().calls()) {
                usage.record(writes, run.caller(), new UsageService.Call(o.speaker().agent().id(), null, null, run.taskId(), run.id(),
                        o.speaker().provider(), o.speaker().agent().model(), call.promptTokens(), call.completionTokens()));
            }
        }
        try {
            writes.executeInTransaction(database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the usage of run " + run.id() + ": " + e.getMessage(), e);
        }
    }

    /** In the transaction that ended the run: its webhook, its task, the end of its event stream. */
    private void ended(Run run) {
        if (run.status() == RunStatus.COMPLETED) {
            announce(run, WebhookEvents.RUN_COMPLETED);
        } else if (run.status() == RunStatus.FAILED) {
            announce(run, WebhookEvents.RUN_FAILED);
        }
        changes.fire(new RunChanged(run));
        events.remove(run.id(), "delta");
        events.append(run.id(), "done", status(run));
    }

    /** The webhook message: the run's outcome, with CrewForm's field names where they exist. */
    private void announce(Run run, String type) {
        String output = run.output();
        outbox.publish(run.organizationId(), type, AgentRunner.ordered(
                "run_id", run.id(), "team_run_id", run.id(), "team_id", run.teamId(), "team_name", run.teamName(),
                "mode", run.mode().wire(), "status", run.status().wire(), "input_task", run.inputTask(),
                "result_preview", output == null ? null : output.length() <= 500 ? output : output.substring(0, 500),
                "result_full", output, "error", run.error(), "task_id", run.taskId(),
                "tokens_total", run.promptTokens() + run.completionTokens(), "cost_usd", run.costUsd(),
                "timestamp", Times.now().toString()));
    }

    static Map<String, Object> status(Run run) {
        return AgentRunner.ordered("status", run.status().wire(), "current_step", run.currentStep(), "error", run.error(),
                "output", run.status().isFinal() ? run.output() : null, "at", Times.now().toString());
    }

    /** The kind of a finished run's last event: the stream ends there. */
    static boolean isLast(String eventType) {
        return eventType.equals("done");
    }

    private Run find(Caller caller, UUID id) {
        Run run = store.find(id);
        if (run == null || !run.organizationId().equals(caller.organizationId())) {
            throw ApiException.notFound("run not found");
        }
        return run;
    }

    static RunView view(Run r, List<RunMessageView> messages) {
        // the snapshot was validated when the run started: counting its steps needs no second validation (lists show 100 runs)
        Integer total = r.mode() == TeamMode.PIPELINE ? StoredJson.tree(r.configJson(), "{}").path("steps").size() : null;
        return new RunView(r.id(), r.organizationId(), r.teamId(), r.teamName(), r.mode().wire(), r.status().wire(), r.inputTask(),
                r.output(), r.error(), r.currentStep(), total, r.status() == RunStatus.PAUSED ? r.handoff() : null,
                r.promptTokens(), r.completionTokens(), r.promptTokens() + r.completionTokens(), r.costUsd(), r.taskId(),
                r.createdBy(), r.createdAt(), r.updatedAt(), r.startedAt(), r.completedAt(), messages);
    }
}
