package io.agentry.db;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.List;

/** Reading database errors through the layers that wrap them. */
public final class SqlErrors {

    private SqlErrors() {
    }

    /** A unique or primary key was violated (SQLState 23505 on PostgreSQL and H2). */
    public static boolean isUniqueViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
        }
        return hasState(error, "23505");
    }

    /** An inserted row refers to a row that is not there (SQLState 23503 on PostgreSQL, 23506 on H2). */
    public static boolean isForeignKeyViolation(Throwable error) {
        return hasState(error, "23503", "23506");
    }

    private static boolean hasState(Throwable error, String... states) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && List.of(states).contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
