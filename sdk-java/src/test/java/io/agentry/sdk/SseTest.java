package io.agentry.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.RetryPolicy;
import io.agentry.sdk.core.SseEvent;
import io.agentry.sdk.core.SseReader;
import io.agentry.sdk.core.StreamResponse;
import io.agentry.sdk.errors.AgentryStreamException;
import io.agentry.sdk.errors.InternalServerException;
import io.agentry.sdk.http.JdkHttpTransport;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SseTest extends WireMockSupport {

    private static List<SseEvent> parse(String text) {
        return parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<SseEvent> parse(InputStream in) {
        List<SseEvent> events = new ArrayList<>();
        new SseReader(in).forEachRemaining(events::add);
        return events;
    }

    /** Hands out one byte per read: every frame arrives split at every possible point. */
    private static InputStream trickle(String text) {
        return new FilterInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private static final String STREAM = """
            : keep-alive
            event: message_start
            id: 1
            data: {"conversation_id": "c1"}

            event: text_delta
            data: {"text": "Hel"}

            : ping

            event: text_delta
            data: {"text": "lo, wörld 🌍"}

            event: message_end
            data: {"usage":
            data:  {"prompt_tokens": 3}}

            """;

    @Test
    void typedEventsCommentsAndMultiLineData() {
        List<SseEvent> events = parse(STREAM);
        assertEquals(List.of("message_start", "text_delta", "text_delta", "message_end"), events.stream().map(SseEvent::event).toList());
        assertEquals("{\"text\": \"lo, wörld 🌍\"}", events.get(2).data());
        assertEquals("{\"usage\":\n {\"prompt_tokens\": 3}}", events.get(3).data(), "data lines join with \\n, one leading space stripped");
        assertEquals("1", events.get(3).id(), "the last event id carries over");
    }

    @Test
    void framesSplitAtEveryByteParseTheSame() {
        assertEquals(parse(STREAM), parse(trickle(STREAM)));
    }

    @Test
    void crLfAndCrAlsoEndLines() {
        String crlf = STREAM.replace("\n", "\r\n");
        String cr = STREAM.replace("\n", "\r");
        assertEquals(parse(STREAM), parse(crlf));
        assertEquals(parse(STREAM), parse(trickle(crlf)));
        assertEquals(parse(STREAM), parse(cr));
    }

    @Test
    void theStandardsEdgeCases() {
        List<SseEvent> events = parse("\uFEFFdata: first\n\n"          // a BOM is dropped
                + "event: ignored\n\n"                                 // no data: nothing dispatched, type reset
                + "data\n\n"                                           // a field without colon: empty data
                + "data:no-space\nretry: 2500\nretry: soon\nunknown: x\n\n"
                + "id: 7\u0000\ndata:  two spaces\n\n"                 // an id with NUL is ignored
                + "data: cut off by the end");                        // no blank line: dropped
        assertEquals(4, events.size());
        assertEquals(new SseEvent("message", "first", null, null), events.get(0));
        assertEquals(new SseEvent("message", "", null, null), events.get(1));
        assertEquals(new SseEvent("message", "no-space", null, 2500L), events.get(2));
        assertEquals(new SseEvent("message", " two spaces", null, 2500L), events.get(3));
    }

    @Test
    void aBrokenConnectionIsAStreamError() {
        InputStream breaks = new InputStream() {
            private final InputStream first = new ByteArrayInputStream("data: a\n\ndata: b".getBytes(StandardCharsets.UTF_8));

            @Override
            public int read() throws IOException {
                int b = first.read();
                if (b < 0) {
                    throw new IOException("connection reset");
                }
                return b;
            }
        };
        SseReader reader = new SseReader(breaks);
        assertEquals("a", reader.next().data());
        assertThrows(AgentryStreamException.class, reader::hasNext);
    }

    private ApiClient api() {
        return new ApiClient(URI.create(server.baseUrl()), KEY, Duration.ofSeconds(10), 2,
                new JdkHttpTransport(Duration.ofSeconds(5)), new RetryPolicy(() -> 0), pauses::add);
    }

    @Test
    void aStreamResponseReadsEventsAsTheyArriveOverHttp() {
        server.stubFor(post(urlEqualTo("/api/v1/stream")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(STREAM).withChunkedDribbleDelay(12, 300)));
        List<String> seen = new ArrayList<>();
        try (StreamResponse<String> stream = api().stream(ApiRequest.post().path("api/v1/stream").json(Map.of("stream", true)),
                RequestOptions.NONE, e -> e.event().equals("text_delta") ? e.data() : null)) {
            stream.forEach(seen::add);
        }
        assertEquals(List.of("{\"text\": \"Hel\"}", "{\"text\": \"lo, wörld 🌍\"}"), seen, "the mapper skips what it returns null for");
        server.verify(postRequestedFor(urlEqualTo("/api/v1/stream")).withHeader("Accept", equalTo("text/event-stream")));
    }

    @Test
    void anErrorBeforeTheStreamStartsIsRetriedAndMappedLikeAnyCall() {
        server.stubFor(post(urlEqualTo("/api/v1/stream")).willReturn(aResponse().withStatus(500)
                .withBody("{\"error\": {\"code\": \"internal_error\", \"message\": \"boom\"}}")));
        assertThrows(InternalServerException.class, () -> api().stream(ApiRequest.post().path("api/v1/stream"), RequestOptions.NONE, e -> e));
        assertEquals(3, server.getAllServeEvents().size());
    }

    @Test
    void closingEarlyStopsReadingAndTheStreamCanBeTakenOnce() {
        server.stubFor(post(urlEqualTo("/api/v1/stream")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(STREAM)));
        StreamResponse<SseEvent> stream = api().stream(ApiRequest.post().path("api/v1/stream"), RequestOptions.NONE, e -> e);
        assertEquals("message_start", stream.stream().findFirst().orElseThrow().event());
        assertThrows(IllegalStateException.class, stream::iterator);
        stream.close();
        assertFalse(stream.response().header("Content-Type").isEmpty());
        assertTrue(stream.response().header("Content-Type").get().startsWith("text/event-stream"));
    }
}
