package io.agentry.sdk.chat;

import io.agentry.sdk.core.BodyParams;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The body of {@code POST /api/v1/chat/{agentId}}: a message, and where the reply goes. */
public final class ChatParams extends BodyParams {

    private ChatParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Just a message, in a new conversation. */
    public static ChatParams of(String message) {
        return builder().message(message).build();
    }

    /** An attachment sent with the message: text the model reads, or a URL it is told about. */
    public record Attachment(String type, String name, String content, String url) {
        public static Attachment text(String name, String content) {
            return new Attachment("text", name, content, null);
        }

        public static Attachment url(String name, String url) {
            return new Attachment("url", name, null, url);
        }

        Map<String, String> body() {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            m.put("type", type);
            if (name != null) {
                m.put("name", name);
            }
            if (content != null) {
                m.put("content", content);
            }
            if (url != null) {
                m.put("url", url);
            }
            return m;
        }
    }

    public static final class Builder extends BodyParams.Builder<ChatParams, Builder> {
        public Builder message(String message) {
            return put("message", message);
        }

        /** Continue this conversation (the same agent's). */
        public Builder conversationId(UUID conversationId) {
            return put("conversation_id", conversationId);
        }

        /** Stored with the messages and echoed in the reply. */
        public Builder metadata(Map<String, ?> metadata) {
            return put("metadata", metadata);
        }

        public Builder attachments(List<Attachment> attachments) {
            return put("attachments", attachments.stream().map(Attachment::body).toList());
        }

        /** Answer later and POST the reply to this URL, signed with the server's webhook secret. */
        public Builder webhookUrl(String webhookUrl) {
            return put("webhook_url", webhookUrl);
        }

        Builder stream(boolean stream) {
            return put("stream", stream);
        }

        Builder sync(boolean sync) {
            return put("sync", sync);
        }

        Builder copy(ChatParams params) {
            params.body().forEach(this::put);
            return this;
        }

        @Override
        public ChatParams build() {
            if (!has("message")) {
                throw new IllegalStateException("message is required");
            }
            return new ChatParams(this);
        }
    }
}
