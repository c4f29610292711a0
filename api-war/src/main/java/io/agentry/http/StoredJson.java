package io.agentry.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** JSON kept in text columns (metadata, tool calls, citations), read back for rendering. */
public final class StoredJson {

    private StoredJson() {
    }

    public static JsonNode tree(String text, String fallback) {
        try {
            return JacksonWriter.MAPPER.readTree(text == null ? fallback : text);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON is not valid", e);
        }
    }

    public static String write(Object value) {
        try {
            return JacksonWriter.MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
