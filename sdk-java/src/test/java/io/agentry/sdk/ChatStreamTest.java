package io.agentry.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.sdk.chat.ChatEvent;
import io.agentry.sdk.chat.ChatParams;
import io.agentry.sdk.chat.StreamedReply;
import io.agentry.sdk.core.StreamResponse;
import io.agentry.sdk.errors.AgentryStreamException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Streamed chat: typed events, unknown events tolerated, the accumulated reply, error events. */
class ChatStreamTest extends WireMockSupport {

    private static final UUID AGENT_ID = UUID.fromString("6f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b9");
    private static final String CONVERSATION = "0f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b1";

    private static final String STREAM = """
            event: message_start
            data: {"conversation_id": "%1$s", "user_message_id": "0f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b2", "agent_id": "%2$s", "provider": "openai", "model": "gpt-4o-mini", "new_field": 1}

            event: delta
            data: {"text": "Hello"}

            : keep-alive

            event: tool_call
            data: {"id": "call_1", "name": "search_knowledge_base", "arguments": {"query": "refunds"}}

            event: tool_result
            data: {"id": "call_1", "name": "search_knowledge_base", "citations": [{"base_id": "%2$s", "item_id": "%1$s", "title": "Refunds", "score": 0.9}]}

            event: reasoning
            data: not JSON: a future event type's own format

            event: delta
            data: {"text": ", world"}

            event: message_end
            data: {"message_id": "0f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b3", "conversation_id": "%1$s", "usage": {"prompt_tokens": 20, "completion_tokens": 2, "total_tokens": 22}, "citations": [{"base_id": "%2$s", "item_id": "%1$s", "title": "Refunds", "score": 0.9}], "tool_calls": []}

            """.formatted(CONVERSATION, AGENT_ID);

    private void serve(String body) {
        server.stubFor(post(urlEqualTo("/api/v1/chat/" + AGENT_ID)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(body)));
    }

    @Test
    void eventsArriveTypedAndUnknownOnesAreKept() {
        serve(STREAM);
        List<ChatEvent> events = new ArrayList<>();
        try (StreamResponse<ChatEvent> stream = client.chat().stream(AGENT_ID, ChatParams.of("hi"))) {
            stream.forEach(events::add);
        }
        assertEquals(7, events.size(), events.toString());
        ChatEvent.MessageStart start = assertInstanceOf(ChatEvent.MessageStart.class, events.get(0));
        assertEquals(CONVERSATION, start.conversationId().toString());
        assertEquals("Hello", assertInstanceOf(ChatEvent.Delta.class, events.get(1)).text());
        assertEquals("refunds", assertInstanceOf(ChatEvent.ToolCallStarted.class, events.get(2)).arguments().path("query").asText());
        assertEquals("Refunds", assertInstanceOf(ChatEvent.ToolResult.class, events.get(3)).citations().get(0).title());
        ChatEvent.Unknown unknown = assertInstanceOf(ChatEvent.Unknown.class, events.get(4));
        assertEquals("reasoning", unknown.name());
        assertEquals("not JSON: a future event type's own format", unknown.data());
        assertEquals(22, assertInstanceOf(ChatEvent.MessageEnd.class, events.get(6)).usage().totalTokens());
        server.verify(postRequestedFor(urlEqualTo("/api/v1/chat/" + AGENT_ID))
                .withRequestBody(equalToJson("{\"message\": \"hi\", \"stream\": true}")));
    }

    @Test
    void aWebhookUrlBelongsToSendAsyncOnly() {
        ChatParams withHook = ChatParams.builder().message("hi").webhookUrl("https://example.com/hook").build();
        assertThrows(IllegalArgumentException.class, () -> client.chat().send(AGENT_ID, withHook));
        assertThrows(IllegalArgumentException.class, () -> client.chat().stream(AGENT_ID, withHook));
        assertEquals(0, server.getAllServeEvents().size(), "nothing was sent");
    }

    @Test
    void accumulateJoinsTheDeltas() {
        serve(STREAM);
        StreamedReply reply = StreamedReply.accumulate(client.chat().stream(AGENT_ID, ChatParams.of("hi")));
        assertEquals("Hello, world", reply.text());
        assertEquals(CONVERSATION, reply.conversationId().toString());
        assertEquals("Refunds", reply.citations().get(0).title());
        assertEquals(2, reply.usage().completionTokens());
    }

    @Test
    void anErrorEventOrACutStreamIsAStreamException() {
        serve("""
                event: message_start
                data: {"conversation_id": "%s"}

                event: error
                data: {"code": "provider_timeout", "message": "openai did not answer in time", "status": 504}

                """.formatted(CONVERSATION));
        AgentryStreamException error = assertThrows(AgentryStreamException.class,
                () -> StreamedReply.accumulate(client.chat().stream(AGENT_ID, ChatParams.of("hi"))));
        assertTrue(error.getMessage().startsWith("provider_timeout: openai did not answer in time"), error.getMessage());

        serve("event: delta\ndata: {\"text\": \"Hel\"}\n\n");
        AgentryStreamException cut = assertThrows(AgentryStreamException.class,
                () -> StreamedReply.accumulate(client.chat().stream(AGENT_ID, ChatParams.of("hi"))));
        assertTrue(cut.getMessage().contains("ended before the reply was complete"), cut.getMessage());
    }
}
