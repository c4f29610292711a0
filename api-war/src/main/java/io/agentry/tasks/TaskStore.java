package io.agentry.tasks;

import io.agentry.db.AtomicWrites;
import io.agentry.db.Dialect;
import io.agentry.db.Jdbc;
import io.agentry.db.RowColumns;
import io.agentry.db.RowQuery;
import io.agentry.http.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The {@code tasks} table's SQL. Updates are optimistic: a row changed meanwhile is not overwritten. */
@ApplicationScoped
public class TaskStore {

    private static final String COLUMNS = "id, organization_id, title, description, priority, status, assigned_agent_id, "
            + "assigned_team_id, result, error, metadata, prompt_tokens, completion_tokens, cost_usd, attempts, created_by, "
            + "token_id, created_at, updated_at, started_at, completed_at, version";
    private static final int COLUMN_COUNT = 22;

    @Inject
    Jdbc jdbc;

    /** Adds the task's insert to writes that commit together (its first event, its job). */
    AtomicWrites insert(AtomicWrites writes, Task t) {
        return writes.add("insert into tasks (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.getId(), t.getOrganizationId(), t.getTitle(), t.getDescription(), t.getPriorityWire(), t.getStatusWire(),
                t.getAssignedAgentId(), t.getAssignedTeamId(), t.getResult(), t.getError(), t.getMetadataJson(),
                t.getPromptTokens(), t.getCompletionTokens(), t.getCostUsd(), t.getAttempts(), t.getCreatedBy(), t.getTokenId(),
                t.getCreatedAt(), t.getUpdatedAt(), t.getStartedAt(), t.getCompletedAt(), t.getVersion());
    }

    /** Writes every changed field; false (nothing written) when the row changed since it was read. */
    boolean update(Task t) {
        int n = jdbc.update("update tasks set title = ?, description = ?, priority = ?, status = ?, assigned_agent_id = ?, "
                        + "assigned_team_id = ?, result = ?, error = ?, metadata = ?, prompt_tokens = ?, completion_tokens = ?, "
                        + "cost_usd = ?, attempts = ?, updated_at = ?, started_at = ?, completed_at = ?, version = version + 1 "
                        + "where id = ? and version = ?",
                t.getTitle(), t.getDescription(), t.getPriorityWire(), t.getStatusWire(), t.getAssignedAgentId(),
                t.getAssignedTeamId(), t.getResult(), t.getError(), t.getMetadataJson(), t.getPromptTokens(),
                t.getCompletionTokens(), t.getCostUsd(), t.getAttempts(), t.getUpdatedAt(), t.getStartedAt(),
                t.getCompletedAt(), t.getId(), t.getVersion());
        if (n == 1) {
            t.updated();
        }
        return n == 1;
    }

    /** A run's task as it starts, with its agent's name (null if the agent is gone). */
    record Started(Task task, String agentName) {
    }

    /**
     * A run starts: the task, if it is to run (dispatched, or running again after a crash, with an
     * agent), turns running in one statement, which also reads it as it now is and its agent's
     * name; null otherwise.
     */
    Started startRun(UUID id, OffsetDateTime now) {
        String update = "update tasks set status = 'running', attempts = attempts + 1, started_at = coalesce(started_at, ?), "
                + "error = null, updated_at = ?, version = version + 1 "
                + "where id = ? and status in ('dispatched', 'running') and assigned_agent_id is not null";
        String agentName = "(select a.name from agents a where a.id = %s.assigned_agent_id)";
        String sql = jdbc.dialect() == Dialect.POSTGRESQL
                ? update + " returning " + COLUMNS + ", " + agentName.formatted("tasks")
                : "select " + COLUMNS + ", " + agentName.formatted("t") + " from final table (" + update + ") t";
        return jdbc.one(sql, rs -> new Started(task(rs), rs.getString(COLUMN_COUNT + 1)), now, now, id);
    }

    /** A run's result lands, in one statement, only while the task is still running; null otherwise. */
    Task completeRun(UUID id, String result, long promptTokens, long completionTokens, BigDecimal cost,
                     OffsetDateTime now) {
        return changed("update tasks set status = 'completed', result = ?, error = null, prompt_tokens = prompt_tokens + ?, "
                        + "completion_tokens = completion_tokens + ?, cost_usd = cost_usd + ?, completed_at = ?, updated_at = ?, "
                        + "version = version + 1 where id = ? and status = 'running'",
                result, promptTokens, completionTokens, cost, now, now, id);
    }

    /** Runs an UPDATE of one row and reads the row as it left it (PostgreSQL: RETURNING; H2: its FINAL TABLE). */
    private Task changed(String update, Object... values) {
        String sql = jdbc.dialect() == Dialect.POSTGRESQL ? update + " returning " + COLUMNS
                : "select " + COLUMNS + " from final table (" + update + ")";
        return jdbc.one(sql, TaskStore::task, values);
    }

    /** Locks the row for the rest of the transaction (a run's final write against a cancellation). */
    Task findForUpdate(UUID id) {
        return jdbc.one("select " + COLUMNS + " from tasks where id = ? for update", TaskStore::task, id);
    }

    Task find(UUID id) {
        return jdbc.one("select " + COLUMNS + " from tasks where id = ?", TaskStore::task, id);
    }

    void delete(UUID id) {
        jdbc.update("delete from tasks where id = ?", id);
    }

    List<Task> list(UUID organizationId, PageRequest page, TaskInput.Filter filter) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from tasks where organization_id = ?");
        List<Object> values = new ArrayList<>(List.of(organizationId));
        if (filter.status() != null) {
            sql.append(" and status = ?");
            values.add(filter.status().wire());
        }
        if (filter.priority() != null) {
            sql.append(" and priority = ?");
            values.add(filter.priority().wire());
        }
        if (filter.agentId() != null) {
            sql.append(" and assigned_agent_id = ?");
            values.add(filter.agentId());
        }
        if (filter.teamId() != null) {
            sql.append(" and assigned_team_id = ?");
            values.add(filter.teamId());
        }
        String keyset = page.keysetSql(values);
        if (keyset != null) {
            sql.append(" and ").append(keyset);
        }
        sql.append(" order by created_at desc, id desc fetch first ? rows only");
        values.add(page.limit() + 1);
        return jdbc.list(sql.toString(), TaskStore::task, values.toArray());
    }

    List<Task> select(UUID organizationId, RowColumns columns, RowQuery query) {
        return columns.list(jdbc, "select " + COLUMNS + " from tasks where organization_id = ?", organizationId, query,
                TaskStore::task);
    }

    long count(UUID organizationId, RowColumns columns, RowQuery query) {
        return columns.count(jdbc, "select count(*) from tasks where organization_id = ?", organizationId, query);
    }

    private static Task task(ResultSet rs) throws SQLException {
        return new Task(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getObject(7, UUID.class), rs.getObject(8, UUID.class), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getLong(12), rs.getLong(13), rs.getBigDecimal(14), rs.getInt(15),
                rs.getObject(16, UUID.class), rs.getObject(17, UUID.class), rs.getObject(18, OffsetDateTime.class),
                rs.getObject(19, OffsetDateTime.class), rs.getObject(20, OffsetDateTime.class),
                rs.getObject(21, OffsetDateTime.class), rs.getLong(22));
    }
}
