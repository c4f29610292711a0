package io.agentry.teams;

import io.agentry.http.WireEnum;

/** How a team's agents work together. */
public enum TeamMode implements WireEnum {
    /** Steps in order, each step's output handed to the next. */
    PIPELINE,
    /** A lead agent delegates to its members through one tool per member. */
    ORCHESTRATOR,
    /** Members take turns in one shared transcript. */
    COLLABORATION
}
