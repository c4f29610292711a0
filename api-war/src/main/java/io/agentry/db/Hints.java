package io.agentry.db;

/** Query hints by name (providers ignore hints they do not know, so these stay portable). */
public final class Hints {

    /**
     * Results are only read and rendered, never changed: EclipseLink then skips registering and
     * cloning them in the persistence context, a large share of a list query's cost.
     */
    public static final String READ_ONLY = "eclipselink.read-only";

    private Hints() {
    }
}
