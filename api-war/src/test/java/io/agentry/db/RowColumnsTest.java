package io.agentry.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentry.db.RowQuery.Condition;
import io.agentry.db.RowQuery.Operator;
import io.agentry.db.RowQuery.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The SQL of a row query: columns only from the table's list, every value bound, nulls placed explicitly. */
class RowColumnsTest {

    private static final RowColumns COLUMNS = RowColumns.builder()
            .add("id", UUID.class).add("workspace_id", "organization_id", UUID.class).add("name", String.class)
            .add("temperature", Double.class).add("is_marketplace", Boolean.class).build();

    @Test
    void conditionsBindEveryValue() {
        UUID org = UUID.randomUUID();
        RowQuery query = new RowQuery(List.of(
                new Condition("workspace_id", Operator.EQ, false, List.of(org)),
                new Condition("name", Operator.ILIKE, true, List.of("a%")),
                new Condition("temperature", Operator.IN, false, List.of(0.1, 0.2)),
                new Condition("temperature", Operator.IN, false, List.of()),
                new Condition("is_marketplace", Operator.IS_TRUE, false, List.of()),
                new Condition("name", Operator.IS_NULL, true, List.of())), List.of(), 0, 10);
        List<Object> values = new ArrayList<>();
        assertEquals(" and organization_id = ? and not (lower(name) like lower(?)) and temperature in (?, ?) and 1 = 0"
                + " and is_marketplace is true and not (name is null)", COLUMNS.where(query, values));
        assertEquals(List.of(org, "a%", 0.1, 0.2), values);
    }

    @Test
    void orderPlacesNullsAndEndsWithTheId() {
        RowQuery query = new RowQuery(List.of(), List.of(new Order("temperature", true, false), new Order("name", false, true)), 20, 5);
        List<Object> values = new ArrayList<>();
        assertEquals(" order by temperature desc nulls last, name asc nulls first, id asc offset ? rows fetch next ? rows only",
                COLUMNS.orderAndWindow(query, values));
        assertEquals(List.of(20L, 5), values);
        assertEquals(" order by id desc nulls first offset ? rows fetch next ? rows only", COLUMNS.orderAndWindow(
                new RowQuery(List.of(), List.of(new Order("id", true, true)), 0, 1), new ArrayList<>()));
    }

    @Test
    void onlyListedColumnsReachSql() {
        RowQuery query = new RowQuery(List.of(new Condition("name; drop table agents", Operator.EQ, false, List.of("x"))),
                List.of(), 0, 1);
        assertThrows(IllegalArgumentException.class, () -> COLUMNS.where(query, new ArrayList<>()));
        assertThrows(IllegalArgumentException.class, () -> RowColumns.builder().add("tags", List.class));
    }
}
