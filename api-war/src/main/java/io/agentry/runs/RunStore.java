package io.agentry.runs;

import io.agentry.db.AtomicWrites;
import io.agentry.db.Dialect;
import io.agentry.db.Jdbc;
import io.agentry.db.RowColumns;
import io.agentry.db.RowQuery;
import io.agentry.http.PageRequest;
import io.agentry.http.WireEnum;
import io.agentry.teams.TeamMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of {@code team_runs}, {@code team_run_messages} and {@code team_run_calls}. A run's
 * progress is written by guarded updates ({@code where status = 'running' and current_step = ?}),
 * so a step's result lands once, and never on a run cancelled meanwhile.
 */
@ApplicationScoped
public class RunStore {

    private static final String COLUMNS = "id, organization_id, team_id, team_name, mode, config, status, input_task, output, "
            + "error, current_step, step_attempts, handoff, prompt_tokens, completion_tokens, cost_usd, task_id, created_by, "
            + "token_id, created_at, updated_at, started_at, completed_at, version";
    private static final String MESSAGE_COLUMNS = "id, run_id, seq, step, step_name, agent_id, agent_name, role, type, content, "
            + "prompt_tokens, completion_tokens, cost_usd, started_at, created_at";
    private static final String CALL_COLUMNS = "id, run_id, round, position, call_id, name, arguments, lead_text, "
            + "member_agent_id, status, result";

    @Inject
    Jdbc jdbc;

    AtomicWrites insert(AtomicWrites writes, Run r) {
        return writes.add("insert into team_runs (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + "?, ?, ?, ?, ?, ?)",
                r.id(), r.organizationId(), r.teamId(), r.teamName(), r.mode().wire(), r.configJson(), r.status().wire(),
                r.inputTask(), r.output(), r.error(), r.currentStep(), r.stepAttempts(), r.handoff(), r.promptTokens(),
                r.completionTokens(), r.costUsd(), r.taskId(), r.createdBy(), r.tokenId(), r.createdAt(), r.updatedAt(),
                r.startedAt(), r.completedAt(), r.version());
    }

    Run find(UUID id) {
        return jdbc.one("select " + COLUMNS + " from team_runs where id = ?", RunStore::run, id);
    }

    Run findForUpdate(UUID id) {
        return jdbc.one("select " + COLUMNS + " from team_runs where id = ? for update", RunStore::run, id);
    }

    /** The run of a task that is not over yet, if any. */
    Run openRunOfTask(UUID taskId) {
        return jdbc.one("select " + COLUMNS + " from team_runs where task_id = ? and status in ('pending', 'running', 'paused') "
                + "order by created_at desc fetch first 1 rows only", RunStore::run, taskId);
    }

    List<Run> select(UUID organizationId, RowColumns columns, RowQuery query) {
        return columns.list(jdbc, "select " + COLUMNS + " from team_runs where organization_id = ?", organizationId, query,
                RunStore::run);
    }

    long count(UUID organizationId, RowColumns columns, RowQuery query) {
        return columns.count(jdbc, "select count(*) from team_runs where organization_id = ?", organizationId, query);
    }

    List<Run> list(UUID organizationId, PageRequest page, UUID teamId, RunStatus status) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from team_runs where organization_id = ?");
        List<Object> values = new ArrayList<>(List.of(organizationId));
        if (teamId != null) {
            sql.append(" and team_id = ?");
            values.add(teamId);
        }
        if (status != null) {
            sql.append(" and status = ?");
            values.add(status.wire());
        }
        String keyset = page.keysetSql(values);
        if (keyset != null) {
            sql.append(" and ").append(keyset);
        }
        sql.append(" order by created_at desc, id desc fetch first ? rows only");
        values.add(page.limit() + 1);
        return jdbc.list(sql.toString(), RunStore::run, values.toArray());
    }

    /** The run starts or goes on (pending, or running after a restart or a resume): it as it now is, or null. */
    Run start(UUID id, OffsetDateTime now) {
        return changed("update team_runs set status = 'running', started_at = coalesce(started_at, ?), updated_at = ?, "
                + "version = version + 1 where id = ? and status in ('pending', 'running')", now, now, id);
    }

    /**
     * Writes a checkpoint of the run at {@code step}, only while it is running there: the run as
     * it now is, or null (cancelled meanwhile, or the step's result already landed).
     */
    Run checkpoint(UUID id, Checkpoint c, Spend spend, OffsetDateTime now) {
        return changed("update team_runs set current_step = ?, step_attempts = ?, handoff = coalesce(?, handoff), status = ?, "
                        + "output = coalesce(?, output), error = ?, prompt_tokens = prompt_tokens + ?, "
                        + "completion_tokens = completion_tokens + ?, cost_usd = cost_usd + ?, completed_at = ?, updated_at = ?, "
                        + "version = version + 1 where id = ? and status = 'running' and current_step = ?",
                c.next, c.stepAttempts, c.handoff, c.status.wire(), c.output, c.error, spend.promptTokens(),
                spend.completionTokens(), spend.cost(), c.status.isFinal() ? now : null, now, id, c.step);
    }

    /** Ends the run in {@code status} if it is in one of {@code from}; the run as it now is, or null. */
    Run end(UUID id, RunStatus status, String output, String error, Spend spend, OffsetDateTime now, RunStatus... from) {
        StringBuilder in = new StringBuilder();
        for (RunStatus s : from) {
            in.append(in.isEmpty() ? "'" : ", '").append(s.wire()).append("'");
        }
        return changed("update team_runs set status = ?, output = coalesce(?, output), error = ?, "
                        + "prompt_tokens = prompt_tokens + ?, completion_tokens = completion_tokens + ?, cost_usd = cost_usd + ?, "
                        + "completed_at = ?, updated_at = ?, version = version + 1 where id = ? and status in (" + in + ")",
                status.wire(), output, error, spend.promptTokens(), spend.completionTokens(), spend.cost(), now, now, id);
    }

    /** A paused run goes on, with the output a reviewer handed on (or what the step gave). */
    Run resume(UUID id, String handoff, OffsetDateTime now) {
        return changed("update team_runs set status = 'running', handoff = coalesce(?, handoff), updated_at = ?, "
                + "version = version + 1 where id = ? and status = 'paused'", handoff, now, id);
    }

    /** Spending outside a step's checkpoint (a member's delegation). */
    void spend(UUID id, Spend spend, OffsetDateTime now) {
        jdbc.update("update team_runs set prompt_tokens = prompt_tokens + ?, completion_tokens = completion_tokens + ?, "
                        + "cost_usd = cost_usd + ?, updated_at = ? where id = ?",
                spend.promptTokens(), spend.completionTokens(), spend.cost(), now, id);
    }

    private Run changed(String update, Object... values) {
        String sql = jdbc.dialect() == Dialect.POSTGRESQL ? update + " returning " + COLUMNS
                : "select " + COLUMNS + " from final table (" + update + ")";
        return jdbc.one(sql, RunStore::run, values);
    }

    // ---------------------------------------------------------------- messages

    void addMessage(RunMessage m) {
        jdbc.update("insert into team_run_messages (id, run_id, step, step_name, agent_id, agent_name, role, type, content, "
                        + "prompt_tokens, completion_tokens, cost_usd, started_at, created_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                m.id(), m.runId(), m.step(), m.stepName(), m.agentId(), m.agentName(), m.role().wire(), m.type().wire(),
                m.content(), m.promptTokens(), m.completionTokens(), m.costUsd(), m.startedAt(), m.createdAt());
    }

    List<RunMessage> messages(UUID runId) {
        return jdbc.list("select " + MESSAGE_COLUMNS + " from team_run_messages where run_id = ? order by seq", RunStore::message,
                runId);
    }

    // ---------------------------------------------------------------- an orchestrator's tool calls

    void addCall(RunCall c, OffsetDateTime now) {
        jdbc.update("insert into team_run_calls (" + CALL_COLUMNS + ", created_at, completed_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.id(), c.runId(), c.round(), c.position(), c.callId(), c.name(), c.arguments(), c.leadText(), c.memberAgentId(),
                c.status().wire(), c.result(), now, c.status().isFinal() ? now : null);
    }

    RunCall call(UUID id) {
        return jdbc.one("select " + CALL_COLUMNS + " from team_run_calls where id = ?", RunStore::call, id);
    }

    List<RunCall> calls(UUID runId) {
        return jdbc.list("select " + CALL_COLUMNS + " from team_run_calls where run_id = ? order by round, position",
                RunStore::call, runId);
    }

    /** A call's outcome lands once, only while it is open; false otherwise. */
    boolean endCall(UUID id, RunCall.Status status, String result, OffsetDateTime now) {
        return jdbc.update("update team_run_calls set status = ?, result = ?, completed_at = ? "
                + "where id = ? and status in ('queued', 'running')", status.wire(), result, now, id) == 1;
    }

    void callRunning(UUID id) {
        jdbc.update("update team_run_calls set status = 'running' where id = ? and status = 'queued'", id);
    }

    /** The run's calls still open: cancelled with it. */
    List<UUID> cancelCalls(UUID runId, OffsetDateTime now) {
        List<UUID> open = jdbc.list("select id from team_run_calls where run_id = ? and status in ('queued', 'running')",
                rs -> rs.getObject(1, UUID.class), runId);
        jdbc.update("update team_run_calls set status = 'cancelled', completed_at = ? where run_id = ? "
                + "and status in ('queued', 'running')", now, runId);
        return open;
    }

    /** Tokens and cost a step spent. */
    record Spend(long promptTokens, long completionTokens, BigDecimal cost) {
        static final Spend NONE = new Spend(0, 0, BigDecimal.ZERO);

        Spend plus(Spend other) {
            return new Spend(promptTokens + other.promptTokens, completionTokens + other.completionTokens, cost.add(other.cost));
        }
    }

    private static Run run(ResultSet rs) throws SQLException {
        return new Run(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4),
                WireEnum.parse("mode", TeamMode.class, rs.getString(5)), rs.getString(6),
                WireEnum.parse("status", RunStatus.class, rs.getString(7)), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getInt(11), rs.getInt(12), rs.getString(13), rs.getLong(14), rs.getLong(15), rs.getBigDecimal(16),
                rs.getObject(17, UUID.class), rs.getObject(18, UUID.class), rs.getObject(19, UUID.class),
                rs.getObject(20, OffsetDateTime.class), rs.getObject(21, OffsetDateTime.class),
                rs.getObject(22, OffsetDateTime.class), rs.getObject(23, OffsetDateTime.class), rs.getLong(24));
    }

    private static RunMessage message(ResultSet rs) throws SQLException {
        int step = rs.getInt(4);
        Integer stepValue = rs.wasNull() ? null : step;
        return new RunMessage(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3), stepValue, rs.getString(5),
                rs.getObject(6, UUID.class), rs.getString(7), WireEnum.parse("role", RunMessage.Role.class, rs.getString(8)),
                WireEnum.parse("type", RunMessage.Type.class, rs.getString(9)), rs.getString(10), rs.getInt(11), rs.getInt(12),
                rs.getBigDecimal(13), rs.getObject(14, OffsetDateTime.class), rs.getObject(15, OffsetDateTime.class));
    }

    private static RunCall call(ResultSet rs) throws SQLException {
        return new RunCall(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3), rs.getInt(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, UUID.class),
                WireEnum.parse("status", RunCall.Status.class, rs.getString(10)), rs.getString(11));
    }
}
