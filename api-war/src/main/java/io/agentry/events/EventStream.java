package io.agentry.events;

import io.agentry.http.OrganizationSlots;
import io.agentry.http.JacksonWriter;
import io.agentry.http.SseWriter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serves a subject's events as Server-Sent Events: every event after {@code afterId} (the
 * client's Last-Event-ID) with its id, then new ones as they are appended, until an event that
 * ends the stream, the client leaving, or an hour; keep-alive comments while nothing happens.
 * Each open stream holds a request thread: at most
 * {@code agentry.events.max-streams-per-organization} per organization on each server.
 */
@ApplicationScoped
public class EventStream {

    private static final int BATCH = 200;
    private static final long LOOK_EVERY_MILLIS = 250;
    private static final Duration MAX = Duration.ofHours(1);
    private static final String DELTA = "delta";
    private static final String DONE = "done";

    @Inject
    EventLog log;

    @Inject
    @ConfigProperty(name = "agentry.chat.keepalive-seconds", defaultValue = "15")
    int keepAliveSeconds;

    @Inject
    @ConfigProperty(name = "agentry.events.max-streams-per-organization", defaultValue = "100")
    int maxStreams;

    private OrganizationSlots slots;

    @PostConstruct
    void init() {
        slots = new OrganizationSlots(maxStreams, n -> "this organization already has " + n + " event streams open on "
                + "this server; close one, or poll the resource instead");
    }

    static void serve(EventLog log, UUID subjectId, long afterId, Predicate<String> last, OutputStream out,
                             String what, Duration keepAlive) throws IOException {
        SseWriter sse = new SseWriter(out, new StringBuilder(), what);
        sse.open();
        long seen = afterId;
        long started = System.nanoTime();
        long lastWrite = started;
        StringBuilder streamed = new StringBuilder();
        try {
            while (System.nanoTime() - started < MAX.toNanos()) {
                List<EventLog.Entry> batch = log.after(subjectId, seen, BATCH);
                for (EventLog.Entry e : batch) {
                    if (e.type().equals(DELTA)) {
                        streamed.append(JacksonWriter.MAPPER.readTree(e.data()).path("text").asText(""));
                    } else if (e.type().equals(DONE)) {
                        rest(sse, streamed, e.data());
                    }
                    sse.eventJson(Long.toString(e.id()), e.type(), e.data());
                    seen = e.id();
                    lastWrite = System.nanoTime();
                    if (last.test(e.type())) {
                        return;
                    }
                }
                if (batch.size() == BATCH) {
                    continue;
                }
                log.await(subjectId, LOOK_EVERY_MILLIS);
                if (System.nanoTime() - lastWrite >= keepAlive.toNanos()) {
                    sse.keepAlive();
                    lastWrite = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A task's deltas go once its result is stored, in the transaction that ends it: a stream that
     * had not read the last ones yet gets the rest of the answer here, without an id (it is no
     * event of the log), so the deltas it sent make the whole answer before {@code done} says so.
     */
    private static void rest(SseWriter sse, StringBuilder streamed, String doneJson) throws IOException {
        String result = JacksonWriter.MAPPER.readTree(doneJson).path("result").asText(null);
        if (streamed.length() > 0 && result != null && result.length() > streamed.length()
                && result.startsWith(streamed.toString())) {
            sse.event(DELTA, java.util.Map.of("text", result.substring(streamed.length())));
        }
    }

    /**
     * The response of a subject's event stream endpoint (whose subject the caller, of
     * {@code organizationId}, may read): from the client's Last-Event-ID on, unbuffered by proxies.
     */
    public Response response(UUID organizationId, UUID subjectId, String lastEventId, Predicate<String> last, String what) {
        long after = afterId(lastEventId);
        Duration keepAlive = Duration.ofSeconds(Math.max(1, keepAliveSeconds));
        OrganizationSlots.Slot slot = slots.take(organizationId);
        StreamingOutput stream = out -> {
            try (slot) {
                serve(log, subjectId, after, last, out, what, keepAlive);
            }
        };
        return Response.ok(stream, MediaType.SERVER_SENT_EVENTS_TYPE)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .build();
    }

    /** Last-Event-ID as sent by a reconnecting client (0: from the start). */
    static long afterId(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(lastEventId.trim()));
        } catch (NumberFormatException e) {
            throw io.agentry.http.ApiException.invalid("Last-Event-ID", "must be the id of an event of this stream");
        }
    }
}
