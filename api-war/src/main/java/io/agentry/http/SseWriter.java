package io.agentry.http;

import io.agentry.llm.ModelCaller;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes Server-Sent Events, each flushed so it reaches the client at once, except deltas, which
 * the model caller flushes once per batch that arrived together. Data is single-line JSON
 * (Jackson escapes newlines inside strings). Keep-alives during a model call come from another
 * thread, never at the same time as another write (the model caller orders them).
 */
public final class SseWriter implements ModelCaller.Output {

    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final OutputStream out;
    private final StringBuilder text;
    private final byte[] opening;

    /** {@code text} collects the deltas written; {@code what} names the stream in its opening comment. */
    public SseWriter(OutputStream out, StringBuilder text, String what) {
        this.out = out;
        this.text = text;
        this.opening = (": agentry " + what + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Opens the stream with a comment. Liberty sends a response's first written bytes only once
     * more follow, flushed or not (seen with strace): without this, the 200 and
     * {@code message_start} would leave only with the model's first words.
     */
    public void open() throws IOException {
        out.write(opening);
        out.flush();
    }

    public void event(String name, Object data) throws IOException {
        write(null, name, data);
        out.flush();
    }

    /** An event with an id, which a client that reconnects sends back as Last-Event-ID. */
    public void event(String id, String name, Object data) throws IOException {
        write(id, name, data);
        out.flush();
    }

    /** An event whose data is JSON text already (as stored). */
    public void eventJson(String id, String name, String json) throws IOException {
        out.write(((id == null ? "" : "id: " + id + "\n") + "event: " + name + "\ndata: " + json + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void write(String id, String name, Object data) throws IOException {
        byte[] json = JacksonWriter.MAPPER.writeValueAsBytes(data);
        out.write(((id == null ? "" : "id: " + id + "\n") + "event: " + name + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        out.write(json);
        out.write('\n');
        out.write('\n');
    }

    @Override
    public void delta(String delta) throws IOException {
        text.append(delta);
        write(null, "delta", Map.of("text", delta));
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void keepAlive() throws IOException {
        out.write(KEEP_ALIVE);
        out.flush();
    }
}
