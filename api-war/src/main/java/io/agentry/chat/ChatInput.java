package io.agentry.chat;

import io.agentry.http.ApiException;
import io.agentry.http.JsonInput;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The validated body of {@code POST /api/v1/chat/{agentId}}. */
public record ChatInput(String message, UUID conversationId, boolean stream, boolean sync, String webhookUrl,
                        String metadataJson, List<Map<String, String>> attachments) {

    static final Set<String> FIELDS = Set.of("message", "conversation_id", "stream", "sync", "webhook_url", "metadata",
            "attachments");
    static final int MAX_MESSAGE = 100_000;
    static final int MAX_ATTACHMENTS = 10;
    static final int MAX_ATTACHMENT_TEXT = 100_000;

    public static ChatInput parse(JsonInput input) {
        input.allowOnly(FIELDS);
        String message = input.requiredText("message", MAX_MESSAGE);
        if (message.isBlank()) {
            throw ApiException.invalid("message", "must not be blank");
        }
        String conversation = input.text("conversation_id", 100);
        UUID conversationId = conversation == null ? null : io.agentry.http.Ids.parse("conversation_id", conversation);
        boolean stream = Boolean.TRUE.equals(input.bool("stream"));
        Boolean syncValue = input.bool("sync");
        String webhookUrl = input.text("webhook_url", 2_000);
        if (stream && webhookUrl != null) {
            throw ApiException.invalid("webhook_url", "cannot be combined with stream: the reply goes to one or the other");
        }
        if (stream && Boolean.FALSE.equals(syncValue)) {
            throw ApiException.invalid("sync", "cannot be false for a streamed reply");
        }
        boolean sync = webhookUrl == null && !Boolean.FALSE.equals(syncValue);
        JsonObject metadata = input.object("metadata", 16_384);
        return new ChatInput(message, conversationId, stream, sync, webhookUrl,
                metadata == null ? "{}" : metadata.toString(), attachments(input.raw("attachments")));
    }

    /** What the model reads: the message, then each attachment with its name. */
    public String modelText() {
        StringBuilder content = new StringBuilder(message);
        for (Map<String, String> a : attachments) {
            String name = a.getOrDefault("name", a.get("type").equals("url") ? a.get("url") : "attachment");
            content.append("\n\n[attachment: ").append(name).append("]\n")
                    .append(a.get("type").equals("url") ? a.get("url") : a.get("content"));
        }
        return content.toString();
    }

    /** Text attachments ({type: text, name?, content}) and URL references ({type: url, name?, url}). */
    private static List<Map<String, String>> attachments(JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw ApiException.invalid("attachments", "must be an array");
        }
        if (array.size() > MAX_ATTACHMENTS) {
            throw ApiException.invalid("attachments", "must have at most " + MAX_ATTACHMENTS + " entries");
        }
        List<Map<String, String>> result = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String field = "attachments[" + i + "]";
            if (!(array.get(i) instanceof JsonObject o)) {
                throw ApiException.invalid(field, "must be an object");
            }
            for (String key : o.keySet()) {
                if (!Set.of("type", "name", "content", "url").contains(key)) {
                    throw ApiException.invalid(field + "." + key, "is not a known field (type, name, content, url)");
                }
            }
            String type = string(o, field, "type", 10, true);
            Map<String, String> attachment = new LinkedHashMap<>();
            attachment.put("type", type);
            String name = string(o, field, "name", 255, false);
            if (name != null) {
                attachment.put("name", name);
            }
            switch (type) {
                case "text" -> attachment.put("content", string(o, field, "content", MAX_ATTACHMENT_TEXT, true));
                case "url" -> attachment.put("url", url(field + ".url", string(o, field, "url", 2_000, true)));
                default -> throw ApiException.invalid(field + ".type", "must be text or url");
            }
            result.add(attachment);
        }
        return result;
    }

    private static String string(JsonObject o, String field, String key, int max, boolean required) {
        JsonValue v = o.get(key);
        if (v == null || v == JsonValue.NULL) {
            if (required) {
                throw ApiException.invalid(field + "." + key, "is required");
            }
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw ApiException.invalid(field + "." + key, "must be a string");
        }
        if (s.getString().length() > max) {
            throw ApiException.invalid(field + "." + key, "must be at most " + max + " characters");
        }
        return s.getString();
    }

    /** URL references are passed to the model as references, never fetched: only their form is checked. */
    private static String url(String field, String text) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase()) || uri.getHost() == null) {
                throw ApiException.invalid(field, "must be an http or https URL");
            }
            return text;
        } catch (java.net.URISyntaxException e) {
            throw ApiException.invalid(field, "is not a valid URL");
        }
    }
}
