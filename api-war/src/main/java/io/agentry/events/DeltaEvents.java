package io.agentry.events;

import io.agentry.llm.ModelCaller;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A streamed answer as {@code delta} events of a subject's log: pieces are gathered and appended
 * at most every 100 ms, so a fast model does not write a row per token; an answer that is whole
 * within the first 100 ms writes none (the event that ends the step carries it whole).
 */
public final class DeltaEvents implements ModelCaller.Output {

    private static final long EVERY_NANOS = 100_000_000L;
    private final EventLog events;
    private final UUID subjectId;
    private final Map<String, Object> context;
    private final StringBuilder text;
    private final StringBuilder pending = new StringBuilder();
    private long last = System.nanoTime();
    private boolean written;

    /**
     * @param text    where the whole answer accumulates as it arrives
     * @param context fields every delta carries besides its {@code text} (a run's step, say)
     */
    public DeltaEvents(EventLog events, UUID subjectId, StringBuilder text, Map<String, Object> context) {
        this.events = events;
        this.subjectId = subjectId;
        this.text = text;
        this.context = context;
    }

    @Override
    public void delta(String piece) {
        text.append(piece);
        pending.append(piece);
    }

    @Override
    public void flush() {
        if (!pending.isEmpty() && System.nanoTime() - last >= EVERY_NANOS) {
            write();
        }
    }

    @Override
    public void keepAlive() {
        // nobody listens on this side: the event stream keeps its own client alive
    }

    /** At the end: what is still gathered goes out, if the stream ever wrote (else the final event says it all). */
    public void finish() {
        if (written && !pending.isEmpty()) {
            write();
        }
    }

    public boolean written() {
        return written;
    }

    private void write() {
        written = true;
        Map<String, Object> data = new LinkedHashMap<>(context);
        data.put("text", pending.toString());
        events.append(subjectId, "delta", data);
        pending.setLength(0);
        last = System.nanoTime();
    }
}
