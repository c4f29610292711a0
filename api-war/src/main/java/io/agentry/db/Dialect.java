package io.agentry.db;

/** The two databases Agentry runs on; vendor-specific SQL is chosen by this. */
public enum Dialect {
    POSTGRESQL("postgresql"),
    H2("h2");

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    public String migrationLocation() {
        return "classpath:db/migration/" + migrationFolder;
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
