package io.agentry.webhooks;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The events a subscription can name. CrewForm's documentation spells them with underscores
 * ({@code task_completed}) while its dispatcher sends dots: both spellings are accepted and
 * stored as the dotted name; {@code *} is every event.
 */
public final class WebhookEvents {

    public static final String TASK_STARTED = "task.started";
    public static final String TASK_COMPLETED = "task.completed";
    public static final String TASK_FAILED = "task.failed";
    public static final String TASK_CANCELLED = "task.cancelled";
    public static final String RUN_STARTED = "run.started";
    public static final String RUN_COMPLETED = "run.completed";
    public static final String RUN_FAILED = "run.failed";
    public static final String CHAT_COMPLETED = "chat.completed";
    public static final String CHAT_FAILED = "chat.failed";
    public static final String ALL = "*";

    public static final List<String> TYPES = List.of(TASK_STARTED, TASK_COMPLETED, TASK_FAILED, TASK_CANCELLED,
            RUN_STARTED, RUN_COMPLETED, RUN_FAILED, CHAT_COMPLETED, CHAT_FAILED);

    private WebhookEvents() {
    }

    /** The stored name for what a subscriber sent, if it names an event (or {@code *}). */
    public static Optional<String> canonical(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals(ALL)) {
            return Optional.of(ALL);
        }
        String dotted = n.replace('_', '.');
        return TYPES.contains(dotted) ? Optional.of(dotted) : Optional.empty();
    }
}
