package io.agentry.sdk.core;

import io.agentry.sdk.errors.AgentryStreamException;
import io.agentry.sdk.http.HttpResponse;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A live stream of typed events read from a server-sent event response. Use it in
 * try-with-resources: closing it before the end drops the connection, which tells the server
 * to stop (a chat reply stops being generated).
 *
 * @param <T> the event type
 */
public final class StreamResponse<T> implements AutoCloseable, Iterable<T> {

    private final HttpResponse response;
    private final SseReader reader;
    private final Function<SseEvent, T> mapper;
    private boolean iterated;

    /**
     * @param mapper turns a raw event into a typed one; returning null skips the event
     */
    public StreamResponse(HttpResponse response, Function<SseEvent, T> mapper) {
        this.response = response;
        this.reader = new SseReader(response.body());
        this.mapper = mapper;
    }

    /** The events, read from the network as they are consumed. Can be taken once. */
    @Override
    public Iterator<T> iterator() {
        if (iterated) {
            throw new IllegalStateException("a stream can be read only once");
        }
        iterated = true;
        return new Iterator<>() {
            private T next;

            @Override
            public boolean hasNext() {
                while (next == null && reader.hasNext()) {
                    next = mapper.apply(reader.next());
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T e = next;
                next = null;
                return e;
            }
        };
    }

    /** The events as a sequential {@link Stream}; closing the stream closes the response. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    /** The response's headers (request id, rate limits). */
    public HttpResponse response() {
        return response;
    }

    @Override
    public void close() {
        try {
            reader.close();
            response.close();
        } catch (IOException e) {
            throw new AgentryStreamException("cannot close the event stream: " + e.getMessage(), e);
        }
    }
}
