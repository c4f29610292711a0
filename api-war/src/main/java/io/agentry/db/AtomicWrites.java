package io.agentry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * INSERT, UPDATE and DELETE statements that commit together, in as few database round trips as
 * the database allows. PostgreSQL runs them as one statement (data-modifying WITH clauses: one
 * round trip, atomic without BEGIN and COMMIT); H2 runs them one by one in a JDBC transaction.
 *
 * <p>Why: on a loaded server each round trip also waits for a free core to resume the request's
 * thread, so a chat's bookkeeping cost more in waiting than in work. The statements all see the
 * database as it was before any of them (one snapshot on PostgreSQL), so none may depend on
 * another's effect, and none may have a RETURNING clause. {@link #execute(Database)} runs outside a
 * JTA transaction (on the pool's unshareable connection, committed here), {@link
 * #executeInTransaction} inside one.
 */
public final class AtomicWrites {

    private record Write(String sql, Object[] values) {
    }

    private final List<Write> writes = new ArrayList<>();

    /** Adds a statement; {@code values} bind its {@code ?} parameters in order (null binds SQL NULL). */
    public AtomicWrites add(String sql, Object... values) {
        writes.add(new Write(sql, values));
        return this;
    }

    public void execute(Database database) throws SQLException {
        if (writes.isEmpty()) {
            return;
        }
        try (Connection connection = database.unsharedDataSource().getConnection()) {
            execute(connection, database.dialect());
        }
    }

    /**
     * Runs the statements inside the JTA transaction the caller is in (a job's final write): on
     * its connection, committed with everything else in it.
     */
    public void executeInTransaction(Database database) throws SQLException {
        if (writes.isEmpty()) {
            return;
        }
        try (Connection connection = database.dataSource().getConnection()) {
            run(connection, database.dialect());
        }
    }

    /** Runs the statements on {@code connection}, which must be in auto-commit mode. */
    public void execute(Connection connection, Dialect dialect) throws SQLException {
        if (writes.isEmpty()) {
            return;
        }
        if (dialect == Dialect.POSTGRESQL) {
            run(connection, dialect); // one statement: atomic on its own
            return;
        }
        connection.setAutoCommit(false);
        try {
            run(connection, dialect);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** PostgreSQL: the statements combined into one; H2: one after the other (the caller commits). */
    private void run(Connection connection, Dialect dialect) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement statement = connection.prepareStatement(combined())) {
                int index = 1;
                for (Write write : writes) {
                    index = bind(statement, index, write.values(), dialect);
                }
                statement.executeUpdate();
            }
            return;
        }
        for (Write write : writes) {
            try (PreparedStatement statement = connection.prepareStatement(write.sql())) {
                bind(statement, 1, write.values(), dialect);
                statement.executeUpdate();
            }
        }
    }

    /** {@code with w1 as (first), w2 as (second) last}: the last statement is the main one. */
    private String combined() {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < writes.size() - 1; i++) {
            sql.append(i == 0 ? "with " : ", ").append('w').append(i + 1).append(" as (").append(writes.get(i).sql()).append(')');
        }
        return sql.append(sql.isEmpty() ? "" : " ").append(writes.get(writes.size() - 1).sql()).toString();
    }

    private static int bind(PreparedStatement statement, int index, Object[] values, Dialect dialect) throws SQLException {
        for (Object value : values) {
            if (value != null) {
                statement.setObject(index, value);
            } else if (dialect == Dialect.POSTGRESQL) {
                statement.setNull(index, Types.OTHER); // typed by its column, whatever that is (uuid, text, integer)
            } else {
                statement.setObject(index, null);
            }
            index++;
        }
        return index;
    }
}
