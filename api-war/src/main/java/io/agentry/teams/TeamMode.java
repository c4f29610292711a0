package io.agentry.teams;

import io.agentry.http.WireEnum;

/** How a team's agents work together. */
public enum TeamMode implements WireEnum {
    /** Steps in order, each step's output handed to the next. */
    PIPELINE("pipeline"),
    /** A lead agent delegates to its members through one tool per member. */
    ORCHESTRATOR("orchestrator"),
    /** Members take turns in one shared transcript. */
    COLLABORATION("collaboration");

    private final String wire;

    TeamMode(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
