package io.agentry.db;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;

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
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
