package io.agentry.jobs;

import java.time.Duration;
import java.util.UUID;

/**
 * Work to put on the queue: its kind (which handler runs it), the row it works on (at most one
 * live job per kind and subject), the organization it belongs to, a small payload for the
 * handler, a priority (higher first), a delay before it is due, and how many attempts it gets.
 */
public record NewJob(String kind, UUID subjectId, UUID organizationId, String payload, int priority, Duration delay,
                     int maxAttempts) {

    public NewJob {
        if (kind == null || subjectId == null) {
            throw new IllegalArgumentException("a job needs a kind and a subject");
        }
        delay = delay == null || delay.isNegative() ? Duration.ZERO : delay;
        maxAttempts = Math.max(1, maxAttempts);
    }

    public static NewJob of(String kind, UUID subjectId, UUID organizationId, int maxAttempts) {
        return new NewJob(kind, subjectId, organizationId, null, 0, Duration.ZERO, maxAttempts);
    }

    public NewJob withPayload(String json) {
        return new NewJob(kind, subjectId, organizationId, json, priority, delay, maxAttempts);
    }

    public NewJob withPriority(int value) {
        return new NewJob(kind, subjectId, organizationId, payload, value, delay, maxAttempts);
    }

    public NewJob after(Duration wait) {
        return new NewJob(kind, subjectId, organizationId, payload, priority, wait, maxAttempts);
    }
}
