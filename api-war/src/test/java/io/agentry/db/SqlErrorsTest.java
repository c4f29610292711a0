package io.agentry.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

    @Test
    void aDatabaseOutageIsRecognisedThroughTheLayersThatWrapIt() {
        // what PostgreSQL's fast shutdown sends to a running statement, wrapped as JPA wraps it
        assertTrue(SqlErrors.isUnavailable(new PersistenceException(new SQLException("terminating connection", "57P01"))));
        assertTrue(SqlErrors.isUnavailable(new RuntimeException(new SQLException("connection refused", "08001"))));
        assertTrue(SqlErrors.isUnavailable(new SQLException("canceling statement due to statement timeout", "57014")));
        assertTrue(SqlErrors.isUnavailable(new SQLTransientConnectionException("pool empty")));
    }

    @Test
    void aFaultOfTheRequestIsNot() {
        assertFalse(SqlErrors.isUnavailable(new PersistenceException(new SQLException("duplicate key", "23505"))));
        assertFalse(SqlErrors.isUnavailable(new SQLException("no state")));
        assertFalse(SqlErrors.isUnavailable(new IllegalStateException("bug")));
    }
}
