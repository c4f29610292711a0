package io.agentry.db;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import java.util.logging.Logger;

/** The application's data source, which database it is, and its migration at start-up. */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    @Resource(lookup = "jdbc/agentry")
    DataSource dataSource;

    /** The same pool, with connections that go back to it when closed (see {@link #unsharedDataSource()}). */
    @Resource(lookup = "jdbc/agentry", shareable = false)
    DataSource unshared;

    private volatile Dialect dialect;
    private volatile boolean migrated;

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * For the request filters' own statements outside any transaction (rate limits, credentials,
     * idempotency keys). A shareable connection used there stays with the request until it ends
     * (Liberty's local transaction containment), so a chat stream would hold one for as long as it
     * streams and a few dozen streams would empty the pool. Never use it inside a transaction: it
     * would be a second resource in it.
     */
    public DataSource unsharedDataSource() {
        return unshared;
    }

    public Dialect dialect() {
        Dialect d = dialect;
        if (d == null) {
            try (Connection connection = dataSource.getConnection()) {
                d = Dialect.fromProductName(connection.getMetaData().getDatabaseProductName());
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot reach the database: " + e.getMessage(), e);
            }
            dialect = d;
        }
        return d;
    }

    /** Applies pending Flyway migrations for this database; safe to run on every instance at once. */
    public void migrate() {
        Dialect d = dialect();
        MigrateResult result = Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations(d.migrationLocations())
                .placeholders(d.columnTypes())
                .callbackLocations("classpath:db/callback")
                .load()
                .migrate();
        migrated = true;
        LOG.info(() -> "Database " + d + " at schema version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations applied now)");
    }

    public boolean isMigrated() {
        return migrated;
    }

    /** True when a connection can be borrowed and answers. */
    public boolean isReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
