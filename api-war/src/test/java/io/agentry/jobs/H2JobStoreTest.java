package io.agentry.jobs;

import io.agentry.db.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;

/** The job queue's SQL on H2 (the embedded default), in memory with the real migrations. */
class H2JobStoreTest extends JobStoreContract {

    private static final String URL = "jdbc:h2:mem:jobs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @BeforeAll
    static void migrate() {
        Flyway.configure().dataSource(URL, "sa", "").locations(Dialect.H2.migrationLocations())
                .placeholders(Dialect.H2.columnTypes()).callbackLocations("classpath:db/callback").load().migrate();
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, "sa", "");
    }

    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
