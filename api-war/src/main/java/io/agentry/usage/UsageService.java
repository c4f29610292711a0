package io.agentry.usage;

import io.agentry.db.AtomicWrites;
import io.agentry.db.Database;
import io.agentry.db.Jdbc;
import io.agentry.db.RowColumns;
import io.agentry.db.RowQuery;
import io.agentry.db.Times;
import io.agentry.http.ApiException;
import io.agentry.http.Ids;
import io.agentry.http.Timestamps;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Usage records: written with every model call, listed and aggregated per organization. */
@ApplicationScoped
public class UsageService {

    /** Group-by keys and the SQL expression each groups on. */
    private static final Map<String, String> GROUPS = Map.of(
            "agent", "agent_id", "model", "model", "provider", "provider", "token", "token_id",
            "day", "cast(created_at at time zone 'UTC' as date)");

    @Inject
    PriceTable prices;

    @Inject
    Database database;

    @Inject
    Jdbc jdbc;

    /** Who and what a model call was for. */
    public record Call(UUID agentId, UUID conversationId, UUID messageId, UUID taskId, UUID teamRunId, String provider,
                       String model, int promptTokens, int completionTokens) {
    }

    /**
     * Adds the call's usage record to {@code writes}, which commit with the rest of its exchange.
     * (Plain SQL, not JPA: EclipseLink binds a null UUID, as a JWT caller's token, as varchar,
     * which PostgreSQL refuses for a uuid column.)
     */
    public AtomicWrites record(AtomicWrites writes, Caller caller, Call call) {
        return writes.add("insert into usage_records (id, organization_id, token_id, agent_id, conversation_id, message_id, "
                        + "task_id, team_run_id, provider, model, prompt_tokens, completion_tokens, estimated_cost_usd, billing_model, "
                        + "created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.randomUUID(), caller.organizationId(), caller.tokenId(), call.agentId(), call.conversationId(),
                call.messageId(), call.taskId(), call.teamRunId(), call.provider(), call.model(), call.promptTokens(), call.completionTokens(),
                prices.cost(call.model(), call.promptTokens(), call.completionTokens()), prices.billingModel(), Times.now());
    }

    public record Filter(OffsetDateTime from, OffsetDateTime to, UUID agentId, UUID tokenId, UUID conversationId,
                         String model, String provider, UUID taskId, UUID teamRunId) {
    }

    public static Filter filter(String from, String to, String agentId, String tokenId, String conversationId,
                                String model, String provider, String taskId, String teamRunId) {
        OffsetDateTime start = Timestamps.param("from", from);
        OffsetDateTime end = Timestamps.param("to", to);
        if (start != null && end != null && !end.isAfter(start)) {
            throw ApiException.invalid("to", "must be after 'from'");
        }
        if (model != null && model.length() > 200) {
            throw ApiException.invalid("model", "must be at most 200 characters");
        }
        if (provider != null && provider.length() > 30) {
            throw ApiException.invalid("provider", "must be at most 30 characters");
        }
        return new Filter(start, end, agentId == null ? null : Ids.parse("agent_id", agentId),
                tokenId == null ? null : Ids.parse("token_id", tokenId),
                conversationId == null ? null : Ids.parse("conversation_id", conversationId), model, provider,
                taskId == null ? null : Ids.parse("task_id", taskId), teamRunId == null ? null : Ids.parse("team_run_id", teamRunId));
    }

    /** Newest first; plain JDBC like {@link #record} (EclipseLink cannot read a null UUID column). */
    public Page<UsageRecordView> list(Caller caller, PageRequest page, Filter filter) {
        StringBuilder sql = new StringBuilder("select " + SQL_COLUMNS + " from usage_records where organization_id = ?");
        List<Object> values = new ArrayList<>(List.of(caller.organizationId()));
        conditions(filter, sql, values);
        String keyset = page.keysetSql(values);
        if (keyset != null) {
            sql.append(" and ").append(keyset);
        }
        sql.append(" order by created_at desc, id desc limit ").append(page.limit() + 1);
        List<UsageRecordView> rows = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("usage list failed: " + e.getMessage(), e);
        }
        return page.page(rows, UsageRecordView::createdAt, UsageRecordView::id, r -> r);
    }

    private static final String SQL_COLUMNS = "id, organization_id, token_id, agent_id, conversation_id, message_id, task_id, "
            + "provider, model, prompt_tokens, completion_tokens, estimated_cost_usd, billing_model, created_at, team_run_id";

    private static UsageRecordView row(ResultSet rs) throws SQLException {
        int prompt = rs.getInt(10), completion = rs.getInt(11);
        return new UsageRecordView(uuid(rs, 1), uuid(rs, 2), uuid(rs, 3), uuid(rs, 4), uuid(rs, 5), uuid(rs, 6),
                uuid(rs, 7), uuid(rs, 15), rs.getString(8), rs.getString(9), prompt, completion, prompt + completion,
                rs.getBigDecimal(12).setScale(8, java.math.RoundingMode.HALF_UP), rs.getString(13),
                rs.getObject(14, OffsetDateTime.class));
    }

    /** What {@link #select} filters and orders on: every field, by the names the API shows. */
    public static final RowColumns COLUMNS = RowColumns.builder()
            .add("id", UUID.class).add("organization_id", UUID.class).add("workspace_id", "organization_id", UUID.class)
            .add("token_id", UUID.class).add("agent_id", UUID.class).add("conversation_id", UUID.class)
            .add("message_id", UUID.class).add("task_id", UUID.class).add("team_run_id", UUID.class)
            .add("provider", String.class).add("model", String.class).add("prompt_tokens", Integer.class)
            .add("completion_tokens", Integer.class).add("estimated_cost_usd", BigDecimal.class)
            .add("billing_model", String.class).add("created_at", OffsetDateTime.class)
            .build();

    /** The organization's usage records a generic query asks for (the PostgREST surface). */
    public List<UsageRecordView> select(Caller caller, RowQuery query) {
        return COLUMNS.list(jdbc, "select " + SQL_COLUMNS + " from usage_records where organization_id = ?",
                caller.organizationId(), query, UsageService::row);
    }

    public long count(Caller caller, RowQuery query) {
        return COLUMNS.count(jdbc, "select count(*) from usage_records where organization_id = ?", caller.organizationId(), query);
    }

    private static UUID uuid(ResultSet rs, int column) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? null : value instanceof UUID u ? u : UUID.fromString(value.toString());
    }

    public UsageSummary summary(Caller caller, Filter filter, String groupBy) {
        if (groupBy == null || !GROUPS.containsKey(groupBy)) {
            throw ApiException.invalid("group_by", "must be one of agent, model, provider, token, day");
        }
        String key = GROUPS.get(groupBy);
        StringBuilder where = new StringBuilder(" where organization_id = ?");
        List<Object> values = new ArrayList<>(List.of(caller.organizationId()));
        conditions(filter, where, values);
        String sql = "select " + key + " as k, count(*), sum(prompt_tokens), sum(completion_tokens), sum(estimated_cost_usd) "
                + "from usage_records" + where + " group by " + key
                + (groupBy.equals("day") ? " order by k" : " order by 5 desc, 2 desc");
        List<UsageSummary.Group> groups = new ArrayList<>();
        long requests = 0, prompt = 0, completion = 0;
        BigDecimal cost = BigDecimal.ZERO;
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object value : values) {
                ps.setObject(i++, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object k = rs.getObject(1);
                    long n = rs.getLong(2), p = rs.getLong(3), o = rs.getLong(4);
                    BigDecimal usd = rs.getBigDecimal(5).setScale(8, java.math.RoundingMode.HALF_UP);
                    groups.add(new UsageSummary.Group(k == null ? null : k.toString(), n, p, o, p + o, usd));
                    requests += n;
                    prompt += p;
                    completion += o;
                    cost = cost.add(usd);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("usage summary failed: " + e.getMessage(), e);
        }
        return new UsageSummary(groupBy, filter.from(), filter.to(),
                new UsageSummary.Totals(requests, prompt, completion, prompt + completion, cost.setScale(8)), groups);
    }

    private static void conditions(Filter f, StringBuilder sql, List<Object> values) {
        add(sql, values, "created_at >= ?", f.from());
        add(sql, values, "created_at < ?", f.to());
        add(sql, values, "agent_id = ?", f.agentId());
        add(sql, values, "token_id = ?", f.tokenId());
        add(sql, values, "conversation_id = ?", f.conversationId());
        add(sql, values, "model = ?", f.model());
        add(sql, values, "provider = ?", f.provider());
        add(sql, values, "task_id = ?", f.taskId());
        add(sql, values, "team_run_id = ?", f.teamRunId());
    }

    private static void add(StringBuilder sql, List<Object> values, String condition, Object value) {
        if (value != null) {
            sql.append(" and ").append(condition);
            values.add(value);
        }
    }
}
