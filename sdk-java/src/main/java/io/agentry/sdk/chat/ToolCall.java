package io.agentry.sdk.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A tool the model called while replying, with what it was called with and the items it found. */
public record ToolCall(String id, String name, JsonNode arguments, List<Citation> citations) {
}
