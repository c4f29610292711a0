package io.agentry.db;

import java.util.Map;

/** The two databases Agentry runs on; vendor-specific SQL is chosen by this. */
public enum Dialect {
    POSTGRESQL("postgresql", Map.of("text", "text", "timestamptz", "timestamptz", "bytes", "bytea")),
    H2("h2", Map.of("text", "varchar(1000000)", "timestamptz", "timestamp with time zone", "bytes", "blob"));

    private final String migrationFolder;
    private final Map<String, String> columnTypes;

    Dialect(String migrationFolder, Map<String, String> columnTypes) {
        this.migrationFolder = migrationFolder;
        this.columnTypes = columnTypes;
    }

    /** Migrations shared by both databases, then this database's own (vector search, etc.). */
    public String[] migrationLocations() {
        return new String[] {"classpath:db/migration/common", "classpath:db/migration/" + migrationFolder};
    }

    /** Flyway placeholders that name this database's column types in the shared migrations. */
    public Map<String, String> columnTypes() {
        return columnTypes;
    }

    static Dialect fromProductName(String product) {
        if (product != null && product.toLowerCase().contains("postgres")) {
            return POSTGRESQL;
        }
        if (product != null && product.toLowerCase().contains("h2")) {
            return H2;
        }
        throw new IllegalStateException("Unsupported database '" + product + "': Agentry runs on PostgreSQL or H2");
    }
}
