package io.agentry.examples;

import io.agentry.sdk.AgentryClient;
import io.agentry.sdk.agents.Agent;
import io.agentry.sdk.agents.AgentCreateParams;
import io.agentry.sdk.chat.ChatEvent;
import io.agentry.sdk.chat.ChatParams;
import io.agentry.sdk.chat.StreamedReply;
import io.agentry.sdk.conversations.Message;
import io.agentry.sdk.core.StreamResponse;
import io.agentry.sdk.usage.UsageGroupBy;
import io.agentry.sdk.usage.UsageSummary;

/**
 * Streaming: print a reply as it is generated, event by event; let the SDK put a second one
 * together; read the conversation back; see what it cost.
 */
public final class StreamingChat {

    public static void main(String[] args) {
        try (AgentryClient client = AgentryClient.fromEnv()) {
            Agent agent = client.agents().create(AgentCreateParams.builder().name("Storyteller").model("gpt-4o-mini")
                    .systemPrompt("Tell very short stories.").build());

            StringBuilder printed = new StringBuilder();
            try (StreamResponse<ChatEvent> events = client.chat().stream(agent.id(), ChatParams.of("A story about a lighthouse"))) {
                for (ChatEvent event : events) {
                    if (event instanceof ChatEvent.Delta delta) {
                        System.out.print(delta.text()); // as it arrives
                        printed.append(delta.text());
                    } else if (event instanceof ChatEvent.MessageEnd end) {
                        System.out.println();
                        System.out.println("Streamed " + printed.length() + " characters, " + end.usage().completionTokens()
                                + " completion tokens");
                    } else if (event instanceof ChatEvent.Error error) {
                        System.out.println("Failed: " + error.code() + " " + error.message());
                    }
                }
            }

            StreamedReply whole = StreamedReply.accumulate(client.chat().stream(agent.id(), ChatParams.of("Another one")));
            System.out.println("Accumulated: " + whole.text());

            int messages = 0;
            for (Message m : client.conversations().messages(whole.conversationId()).autoPager()) {
                messages++;
            }
            System.out.println("The conversation holds " + messages + " messages");

            UsageSummary usage = client.usage().summary(UsageGroupBy.AGENT);
            System.out.println("Usage: " + usage.totals().requests() + " model calls, " + usage.totals().totalTokens() + " tokens, "
                    + usage.totals().estimatedCostUsd().toPlainString() + " USD");
            client.agents().delete(agent.id());
        }
    }

    private StreamingChat() {
    }
}
