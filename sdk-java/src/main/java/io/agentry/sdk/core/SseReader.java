package io.agentry.sdk.core;

import io.agentry.sdk.errors.AgentryStreamException;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Parses a text/event-stream body as the WHATWG HTML standard specifies: lines end with CRLF,
 * LF or CR; a blank line dispatches the event; {@code data} lines accumulate; comments
 * ({@code :...}, the server's keep-alives) are skipped; an event cut off by the end of the
 * stream is dropped. Events are read only as the caller asks for them.
 */
public final class SseReader implements Iterator<SseEvent>, Closeable {

    private final BufferedReader reader;
    private final StringBuilder data = new StringBuilder();
    private String eventType;
    private String lastEventId;
    private Long retry;
    private boolean firstLine = true;
    private boolean done;
    private SseEvent next;

    public SseReader(InputStream body) {
        // BufferedReader.readLine ends lines at \n, \r or \r\n: exactly the standard's rule.
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = read();
        }
        return next != null;
    }

    @Override
    public SseEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SseEvent e = next;
        next = null;
        return e;
    }

    private SseEvent read() {
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (firstLine) {
                    firstLine = false;
                    if (line.startsWith("\uFEFF")) {
                        line = line.substring(1);
                    }
                }
                if (line.isEmpty()) {
                    SseEvent event = dispatch();
                    if (event != null) {
                        return event;
                    }
                } else if (line.charAt(0) != ':') {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    field(field, value);
                }
            }
            done = true;
            return null;
        } catch (IOException e) {
            done = true;
            throw new AgentryStreamException("the event stream broke off: " + e.getMessage(), e);
        }
    }

    private void field(String field, String value) {
        switch (field) {
            case "event" -> eventType = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    try {
                        retry = Long.parseLong(value);
                    } catch (NumberFormatException tooLong) {
                        // ignored, as the standard ignores any retry value it cannot use
                    }
                }
            }
            default -> {
                // unknown fields are ignored
            }
        }
    }

    private SseEvent dispatch() {
        String type = eventType == null || eventType.isEmpty() ? "message" : eventType;
        eventType = null;
        if (data.length() == 0) {
            return null;
        }
        data.setLength(data.length() - 1);
        SseEvent event = new SseEvent(type, data.toString(), lastEventId, retry);
        data.setLength(0);
        return event;
    }

    @Override
    public void close() throws IOException {
        done = true;
        reader.close();
    }
}
