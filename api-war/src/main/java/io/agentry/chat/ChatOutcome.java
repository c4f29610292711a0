package io.agentry.chat;

import io.agentry.agents.AgentProgress;
import io.agentry.conversations.MessageStatus;
import java.util.List;
import java.util.Map;

/** How an exchange ended: the reply's text, the tool calls and citations, and each model call's tokens. */
record ChatOutcome(MessageStatus status, String text, String error, String provider, String model,
                   List<Map<String, Object>> toolCalls, List<Map<String, Object>> citations, List<AgentProgress.ModelCall> calls) {

    int promptTokens() {
        return calls.stream().mapToInt(AgentProgress.ModelCall::promptTokens).sum();
    }

    int completionTokens() {
        return calls.stream().mapToInt(AgentProgress.ModelCall::completionTokens).sum();
    }
}
