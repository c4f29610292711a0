package io.agentry.db;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
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

    /**
     * The database, not the request, is at fault and a retry may succeed: no connection (SQLState
     * class 08), the server shutting down or refusing connections (57P01-57P03, 53300), or a
     * statement cut by a timeout (57014).
     */
    public static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P0") || state.equals("53300") || state.equals("57014")) {
                    return true;
                }
            }
        }
        return false;
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
