package io.agentry.agents;

import io.agentry.llm.ModelCaller;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Where a turn reports as it goes: the answer streamed piece by piece, and its tool activity. */
public interface AgentEvents {

    AgentEvents NONE = new AgentEvents() {
    };

    /** Where the answer streams to; null to have it whole. */
    default ModelCaller.Output stream() {
        return null;
    }

    /** How long a stream may stay silent before a keep-alive. */
    default Duration keepAlive() {
        return Duration.ofSeconds(15);
    }

    default void toolCall(String id, String name, Object arguments) throws IOException {
    }

    default void toolResult(String id, String name, List<Map<String, Object>> citations) throws IOException {
    }
}
