package io.agentry.sdk.chat;

import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.Resource;
import io.agentry.sdk.core.StreamResponse;
import java.util.UUID;

/** {@code POST /api/v1/chat/{agentId}}: a reply whole, streamed, or later. */
public final class ChatService extends Resource {

    private static final String PATH = "api/v1/chat";

    public ChatService(ApiClient api) {
        super(api);
    }

    /** Sends a message and waits for the whole reply. */
    public ChatReply send(UUID agentId, ChatParams params) {
        return send(agentId, params, RequestOptions.NONE);
    }

    public ChatReply send(UUID agentId, ChatParams params, RequestOptions options) {
        requireNoWebhook(params, "send");
        return api.call(ApiRequest.post().path(PATH).segment(agentId).json(params.body()), options, ChatReply.class);
    }

    /**
     * Sends a message and streams the reply as typed events. Close the stream (try-with-resources)
     * when done; closing it early stops the generation. {@link StreamedReply#accumulate} reads it whole.
     */
    public StreamResponse<ChatEvent> stream(UUID agentId, ChatParams params) {
        return stream(agentId, params, RequestOptions.NONE);
    }

    public StreamResponse<ChatEvent> stream(UUID agentId, ChatParams params, RequestOptions options) {
        requireNoWebhook(params, "stream");
        ChatParams streamed = ChatParams.builder().copy(params).stream(true).build();
        return api.stream(ApiRequest.post().path(PATH).segment(agentId).json(streamed.body()), options, ChatEvent::of);
    }

    /**
     * Sends a message and returns at once (202): the reply is stored in the conversation, and
     * POSTed to the params' webhook URL if it has one.
     */
    public ChatAccepted sendAsync(UUID agentId, ChatParams params) {
        return sendAsync(agentId, params, RequestOptions.NONE);
    }

    public ChatAccepted sendAsync(UUID agentId, ChatParams params, RequestOptions options) {
        ChatParams later = ChatParams.builder().copy(params).sync(false).build();
        return api.call(ApiRequest.post().path(PATH).segment(agentId).json(later.body()), options, ChatAccepted.class);
    }

    /** A webhook makes the server answer 202 at once: only {@link #sendAsync} reads that answer. */
    private static void requireNoWebhook(ChatParams params, String method) {
        if (params.body().get("webhook_url") != null) {
            throw new IllegalArgumentException(method + "() waits for the reply; use sendAsync() with a webhook URL");
        }
    }
}
