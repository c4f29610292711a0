package io.agentry.agents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a turn has produced so far: the answer's text, the tool calls and the knowledge items
 * cited, and each model call's tokens. The caller keeps it when the turn ends early (a failure, a
 * cancellation), so what was said and spent is still recorded.
 */
public final class AgentProgress {

    /** One model call's tokens. */
    public record ModelCall(int promptTokens, int completionTokens) {
    }

    private final StringBuilder text = new StringBuilder();
    private final List<Map<String, Object>> toolCalls = new ArrayList<>();
    private final Map<Object, Map<String, Object>> citations = new LinkedHashMap<>();
    private final List<ModelCall> calls = new ArrayList<>();

    /** The text, which a stream appends to as it arrives. */
    public StringBuilder textBuffer() {
        return text;
    }

    public String text() {
        return text.toString();
    }

    public List<Map<String, Object>> toolCalls() {
        return toolCalls;
    }

    public List<Map<String, Object>> citations() {
        return new ArrayList<>(citations.values());
    }

    public List<ModelCall> calls() {
        return calls;
    }

    public int promptTokens() {
        return calls.stream().mapToInt(ModelCall::promptTokens).sum();
    }

    public int completionTokens() {
        return calls.stream().mapToInt(ModelCall::completionTokens).sum();
    }

    void cite(Map<String, Object> citation) {
        citations.putIfAbsent(citation.get("item_id"), citation);
    }
}
