package io.agentry.jobs;

import io.agentry.db.Dialect;
import it.Api;
import java.sql.Connection;
import java.sql.SQLException;

/** The job queue's SQL on PostgreSQL (the integration tests' database, which the test servers migrated). */
class PostgresJobStoreIT extends JobStoreContract {

    @Override
    Connection connect() throws SQLException {
        return Api.db();
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
