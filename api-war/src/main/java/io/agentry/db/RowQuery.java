package io.agentry.db;

import java.util.List;

/**
 * A filtered, ordered window of one organization's rows, asked for by column name: what the
 * PostgREST adapter reads from a client's query string. Values are already typed as the
 * column's {@link RowColumns} type; the store binds them, never splices them into SQL.
 */
public record RowQuery(List<Condition> conditions, List<Order> order, long offset, int limit) {

    public enum Operator { EQ, NEQ, GT, GTE, LT, LTE, LIKE, ILIKE, IN, IS_NULL, IS_TRUE, IS_FALSE }

    /** {@code column op value(s)}; {@code negated} wraps it in NOT. IN takes every value, the IS forms none. */
    public record Condition(String column, Operator operator, boolean negated, List<Object> values) {
    }

    public record Order(String column, boolean descending, boolean nullsFirst) {
    }

    public RowQuery {
        conditions = List.copyOf(conditions);
        order = List.copyOf(order);
    }

    /** The same rows, narrowed by one more condition. */
    public RowQuery and(Condition condition) {
        List<Condition> more = new java.util.ArrayList<>(conditions);
        more.add(condition);
        return new RowQuery(more, order, offset, limit);
    }

    /** The same conditions and order, another window. */
    public RowQuery window(long offset, int limit) {
        return new RowQuery(conditions, order, offset, limit);
    }
}
