package io.agentry.chat;

import io.agentry.conversations.MessageStatus;
import java.util.List;
import java.util.Map;

/** How an exchange ended: the reply's text, the tool calls and citations, and each model call's tokens. */
record ChatOutcome(MessageStatus status, String text, String error, String provider, String model,
                   List<Map<String, Object>> toolCalls, List<Map<String, Object>> citations, List<Call> calls) {

    record Call(int promptTokens, int completionTokens) {
    }

    int promptTokens() {
        return calls.stream().mapToInt(Call::promptTokens).sum();
    }

    int completionTokens() {
        return calls.stream().mapToInt(Call::completionTokens).sum();
    }
}
