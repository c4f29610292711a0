package io.agentry.jobs;

/** Fired when jobs were put on the queue; observed after the transaction commits, to start them at once. */
public record JobsQueued(String kind) {
}
