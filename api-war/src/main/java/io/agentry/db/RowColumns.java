package io.agentry.db;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The columns of a table a {@link RowQuery} may filter and order on, by the name the API shows,
 * each with its SQL column and Java type; and the SQL of such a query, in the subset PostgreSQL
 * and H2 share. Only listed columns reach SQL, and only as identifiers from this list.
 */
public final class RowColumns {

    private static final Set<Class<?>> TYPES = Set.of(String.class, UUID.class, Integer.class, Long.class, Double.class,
            BigDecimal.class, Boolean.class, OffsetDateTime.class);

    private record Column(String sql, Class<?> type) {
    }

    private final Map<String, Column> columns;

    private RowColumns(Map<String, Column> columns) {
        this.columns = Collections.unmodifiableMap(columns);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<String, Column> columns = new LinkedHashMap<>();

        /** A column the API shows under the same name as in SQL. */
        public Builder add(String name, Class<?> type) {
            return add(name, name, type);
        }

        public Builder add(String name, String sql, Class<?> type) {
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("unsupported column type " + type);
            }
            columns.put(name, new Column(sql, type));
            return this;
        }

        public RowColumns build() {
            return new RowColumns(new LinkedHashMap<>(columns));
        }
    }

    public boolean has(String name) {
        return columns.containsKey(name);
    }

    /** The column's Java type, or null when there is no such column. */
    public Class<?> type(String name) {
        Column column = columns.get(name);
        return column == null ? null : column.type();
    }

    public Set<String> names() {
        return columns.keySet();
    }

    /**
     * The rows of {@code selectWhere} (a SELECT ending in a WHERE clause with at most one
     * parameter, bound to {@code scope} unless null) that the query asks for.
     */
    public <T> List<T> list(Jdbc jdbc, String selectWhere, Object scope, RowQuery query, Jdbc.Row<T> row) {
        List<Object> values = new ArrayList<>();
        if (scope != null) {
            values.add(scope);
        }
        String sql = selectWhere + where(query, values) + orderAndWindow(query, values);
        return jdbc.list(sql, row, values.toArray());
    }

    /** How many rows of {@code countWhere} (as {@link #list}'s, selecting count(*)) match the query's conditions. */
    public long count(Jdbc jdbc, String countWhere, Object scope, RowQuery query) {
        List<Object> values = new ArrayList<>();
        if (scope != null) {
            values.add(scope);
        }
        return jdbc.count(countWhere + where(query, values), values.toArray());
    }

    /** {@code " and <condition>"} for each condition, binding its values onto {@code values}. */
    String where(RowQuery query, List<Object> values) {
        StringBuilder sql = new StringBuilder();
        for (RowQuery.Condition c : query.conditions()) {
            String column = sql(c.column());
            String test = switch (c.operator()) {
                case EQ -> bind(column + " = ?", c, values);
                case NEQ -> bind(column + " <> ?", c, values);
                case GT -> bind(column + " > ?", c, values);
                case GTE -> bind(column + " >= ?", c, values);
                case LT -> bind(column + " < ?", c, values);
                case LTE -> bind(column + " <= ?", c, values);
                case LIKE -> bind(column + " like ?", c, values);
                case ILIKE -> bind("lower(" + column + ") like lower(?)", c, values);
                case IN -> in(column, c, values);
                case IS_NULL -> column + " is null";
                case IS_TRUE -> column + " is true";
                case IS_FALSE -> column + " is false";
            };
            sql.append(" and ").append(c.negated() ? "not (" + test + ")" : test);
        }
        return sql.toString();
    }

    /**
     * {@code " order by ... offset ? rows fetch next ? rows only"}: the query's order with its
     * nulls placed explicitly (the two databases differ by default), then {@code id} so equal
     * keys keep one order from page to page.
     */
    String orderAndWindow(RowQuery query, List<Object> values) {
        List<String> keys = new ArrayList<>();
        boolean byId = false;
        for (RowQuery.Order o : query.order()) {
            keys.add(sql(o.column()) + (o.descending() ? " desc" : " asc") + (o.nullsFirst() ? " nulls first" : " nulls last"));
            byId |= o.column().equals("id");
        }
        if (!byId) {
            keys.add(sql("id") + " asc");
        }
        values.add(query.offset());
        values.add(query.limit());
        return " order by " + String.join(", ", keys) + " offset ? rows fetch next ? rows only";
    }

    private String sql(String name) {
        Column column = columns.get(name);
        if (column == null) {
            throw new IllegalArgumentException("not a queryable column: " + name);
        }
        return column.sql();
    }

    private static String bind(String test, RowQuery.Condition c, List<Object> values) {
        values.add(c.values().get(0));
        return test;
    }

    private static String in(String column, RowQuery.Condition c, List<Object> values) {
        if (c.values().isEmpty()) {
            return "1 = 0";
        }
        values.addAll(c.values());
        return column + " in (" + String.join(", ", Collections.nCopies(c.values().size(), "?")) + ")";
    }
}
