package io.agentry.chat;

import io.agentry.http.JacksonWriter;
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
final class SseWriter implements ModelCaller.Output {

    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OPENING = ": agentry chat events\n\n".getBytes(StandardCharsets.UTF_8);

    private final OutputStream out;
    private final StringBuilder text;

    SseWriter(OutputStream out, StringBuilder text) {
        this.out = out;
        this.text = text;
    }

    /**
     * Opens the stream with a comment. Liberty sends a response's first written bytes only once
     * more follow, flushed or not (seen with strace): without this, the 200 and
     * {@code message_start} would leave only with the model's first words.
     */
    void open() throws IOException {
        out.write(OPENING);
        out.flush();
    }

    void event(String name, Object data) throws IOException {
        write(name, data);
        out.flush();
    }

    private void write(String name, Object data) throws IOException {
        byte[] json = JacksonWriter.MAPPER.writeValueAsBytes(data);
        out.write(("event: " + name + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        out.write(json);
        out.write('\n');
        out.write('\n');
    }

    @Override
    public void delta(String delta) throws IOException {
        text.append(delta);
        write("delta", Map.of("text", delta));
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
