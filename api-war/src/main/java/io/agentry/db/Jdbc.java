package io.agentry.db;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain SQL for the {@code *Store} classes. Inside a JTA transaction a statement runs on the
 * transaction's connection (and commits with it); outside one, on a pooled connection that goes
 * back at once. Nulls are bound typed by their column, so a null UUID reaches a uuid column of
 * PostgreSQL (EclipseLink binds it as varchar, which PostgreSQL refuses: why these tables are
 * not JPA entities).
 */
@ApplicationScoped
public class Jdbc {

    @Inject
    Database database;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** Maps the current row. */
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public Dialect dialect() {
        return database.dialect();
    }

    public Connection connection() throws SQLException {
        boolean inTransaction = transactions.getTransactionStatus() == Status.STATUS_ACTIVE;
        return (inTransaction ? database.dataSource() : database.unsharedDataSource()).getConnection();
    }

    public <T> List<T> list(String sql, Row<T> row, Object... values) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, values);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("database read failed: " + e.getMessage(), e);
        }
    }

    /** The first row, or null. */
    public <T> T one(String sql, Row<T> row, Object... values) {
        List<T> rows = list(sql, row, values);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public long count(String sql, Object... values) {
        Long n = one(sql, rs -> rs.getLong(1), values);
        return n == null ? 0 : n;
    }

    public int update(String sql, Object... values) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, values);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("database write failed: " + e.getMessage(), e);
        }
    }

    private void bind(PreparedStatement ps, Object... values) throws SQLException {
        Dialect dialect = database.dialect();
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v != null) {
                ps.setObject(i + 1, v);
            } else if (dialect == Dialect.POSTGRESQL) {
                ps.setNull(i + 1, Types.OTHER); // typed by its column
            } else {
                ps.setObject(i + 1, null);
            }
        }
    }
}
