package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.db.AtomicWrites;
import io.agentry.db.Dialect;
import io.agentry.db.SqlErrors;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chat's writes commit all or nothing, on PostgreSQL as one combined statement and on H2 as
 * a JDBC transaction: run directly against both databases.
 */
class AtomicWritesIT {

    private static Connection connect(Dialect dialect) throws SQLException {
        return dialect == Dialect.POSTGRESQL ? Api.db() : DriverManager.getConnection("jdbc:h2:mem:atomic_writes;DB_CLOSE_DELAY=-1");
    }

    /** What a test does with its fresh tables: a parent and a child that references it. */
    private interface TableTest {
        void run(Connection c, String parent, String child) throws SQLException;
    }

    /** Runs {@code test} on fresh tables named for this run, dropped afterwards whatever happens. */
    private static void withTables(Dialect dialect, TableTest test) throws SQLException {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String parent = "aw_parent_" + suffix;
        String child = "aw_child_" + suffix;
        try (Connection c = connect(dialect)) {
            try (Statement s = c.createStatement()) {
                s.execute("create table " + parent + " (id uuid primary key, n integer, note varchar(100), "
                        + "at timestamp with time zone)");
                s.execute("create table " + child + " (id uuid primary key, parent_id uuid not null references " + parent + "(id))");
            }
            try {
                test.run(c, parent, child);
            } finally {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("drop table " + child);
                    s.execute("drop table " + parent);
                }
            }
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void allStatementsCommitTogetherAndNullsBindToAnyColumnType(Dialect dialect) throws SQLException {
        withTables(dialect, (c, parents, children) -> {
            UUID parent = UUID.randomUUID();
            UUID other = UUID.randomUUID();
            new AtomicWrites()
                    .add("insert into " + parents + " (id, n, note, at) values (?, ?, ?, ?)", parent, 1, "first", OffsetDateTime.now())
                    .add("insert into " + parents + " (id, n, note, at) values (?, ?, ?, ?)", other, null, null, null)
                    // a child of a parent inserted by the same call (PostgreSQL checks the reference at the statement's end)
                    .add("insert into " + children + " (id, parent_id) values (?, ?)", UUID.randomUUID(), parent)
                    .execute(c, dialect);
            assertEquals(2, count(c, parents));
            assertEquals(1, count(c, children));
            try (var s = c.prepareStatement("select n, note, at from " + parents + " where id = ?")) {
                s.setObject(1, other);
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    assertNull(rs.getObject(1));
                    assertNull(rs.getObject(2));
                    assertNull(rs.getObject(3));
                }
            }
            assertTrue(c.getAutoCommit(), "the connection is back in auto-commit mode");
        });
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aFailingStatementLeavesNothingBehind(Dialect dialect) throws SQLException {
        withTables(dialect, (c, parents, children) -> {
            UUID parent = UUID.randomUUID();
            AtomicWrites writes = new AtomicWrites()
                    .add("insert into " + parents + " (id, n) values (?, ?)", parent, 1)
                    .add("update " + parents + " set n = n + 1 where id = ?", parent)
                    .add("insert into " + children + " (id, parent_id) values (?, ?)", UUID.randomUUID(), UUID.randomUUID());
            SQLException e = assertThrows(SQLException.class, () -> writes.execute(c, dialect), "the child's parent does not exist");
            assertTrue(SqlErrors.isForeignKeyViolation(e), "read as a missing reference: " + e.getSQLState());
            assertEquals(0, count(c, parents), "the parent's insert was undone with the failed child");
            assertTrue(c.getAutoCommit(), "the connection is back in auto-commit mode");
        });
    }

    /**
     * How a new chat's insert checks its agent's version: a row inserted from a SELECT that finds
     * nothing is not there for the statement after it, which then fails on its reference, on
     * both databases, and nothing is stored.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aConditionalInsertThatFindsNothingFailsTheReferenceAfterIt(Dialect dialect) throws SQLException {
        withTables(dialect, (c, parents, children) -> {
            UUID existing = UUID.randomUUID();
            new AtomicWrites().add("insert into " + parents + " (id, n) values (?, ?)", existing, 1).execute(c, dialect);
            UUID parent = UUID.randomUUID();
            AtomicWrites writes = new AtomicWrites()
                    .add("insert into " + parents + " (id, n) select cast(? as uuid), n from " + parents + " where id = ? and n = ?",
                            parent, existing, 2)
                    .add("insert into " + children + " (id, parent_id) values (?, ?)", UUID.randomUUID(), parent);
            SQLException e = assertThrows(SQLException.class, () -> writes.execute(c, dialect), "n is 1, not 2");
            assertTrue(SqlErrors.isForeignKeyViolation(e), "read as a missing reference: " + e.getSQLState());
            assertEquals(1, count(c, parents));
            assertEquals(0, count(c, children));

            AtomicWrites matching = new AtomicWrites()
                    .add("insert into " + parents + " (id, n) select cast(? as uuid), n from " + parents + " where id = ? and n = ?",
                            parent, existing, 1)
                    .add("insert into " + children + " (id, parent_id) values (?, ?)", UUID.randomUUID(), parent);
            matching.execute(c, dialect);
            assertEquals(2, count(c, parents));
            assertEquals(1, count(c, children));
        });
    }
}
