package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.db.AtomicWrites;
import io.agentry.db.Dialect;
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

    /** Fresh tables named for this run: a parent and a child that references it. */
    private static String tables(Connection c) throws SQLException {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Statement s = c.createStatement()) {
            s.execute("create table aw_parent_" + suffix + " (id uuid primary key, n integer, note varchar(100), "
                    + "at timestamp with time zone)");
            s.execute("create table aw_child_" + suffix + " (id uuid primary key, parent_id uuid not null references aw_parent_"
                    + suffix + "(id))");
        }
        return suffix;
    }

    private static void drop(Connection c, String suffix) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("drop table aw_child_" + suffix);
            s.execute("drop table aw_parent_" + suffix);
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
        try (Connection c = connect(dialect)) {
            String t = tables(c);
            UUID parent = UUID.randomUUID();
            UUID other = UUID.randomUUID();
            new AtomicWrites()
                    .add("insert into aw_parent_" + t + " (id, n, note, at) values (?, ?, ?, ?)", parent, 1, "first", OffsetDateTime.now())
                    .add("insert into aw_parent_" + t + " (id, n, note, at) values (?, ?, ?, ?)", other, null, null, null)
                    // a child of a parent inserted by the same call (PostgreSQL checks the reference at the statement's end)
                    .add("insert into aw_child_" + t + " (id, parent_id) values (?, ?)", UUID.randomUUID(), parent)
                    .execute(c, dialect);
            assertEquals(2, count(c, "aw_parent_" + t));
            assertEquals(1, count(c, "aw_child_" + t));
            try (var s = c.prepareStatement("select n, note, at from aw_parent_" + t + " where id = ?")) {
                s.setObject(1, other);
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    assertNull(rs.getObject(1));
                    assertNull(rs.getObject(2));
                    assertNull(rs.getObject(3));
                }
            }
            assertTrue(c.getAutoCommit(), "the connection is back in auto-commit mode");
            drop(c, t);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aFailingStatementLeavesNothingBehind(Dialect dialect) throws SQLException {
        try (Connection c = connect(dialect)) {
            String t = tables(c);
            UUID parent = UUID.randomUUID();
            AtomicWrites writes = new AtomicWrites()
                    .add("insert into aw_parent_" + t + " (id, n) values (?, ?)", parent, 1)
                    .add("update aw_parent_" + t + " set n = n + 1 where id = ?", parent)
                    .add("insert into aw_child_" + t + " (id, parent_id) values (?, ?)", UUID.randomUUID(), UUID.randomUUID());
            assertThrows(SQLException.class, () -> writes.execute(c, dialect), "the child's parent does not exist");
            assertEquals(0, count(c, "aw_parent_" + t), "the parent's insert was undone with the failed child");
            assertTrue(c.getAutoCommit(), "the connection is back in auto-commit mode");
            drop(c, t);
        }
    }
}
