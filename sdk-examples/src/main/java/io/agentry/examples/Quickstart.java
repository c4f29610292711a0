package io.agentry.examples;

import io.agentry.sdk.AgentryClient;
import io.agentry.sdk.agents.Agent;
import io.agentry.sdk.agents.AgentCreateParams;
import io.agentry.sdk.agents.AgentProvider;
import io.agentry.sdk.agents.AgentUpdateParams;
import io.agentry.sdk.chat.ChatParams;
import io.agentry.sdk.chat.ChatReply;
import io.agentry.sdk.organizations.Me;
import java.util.List;

/**
 * Quickstart: who am I, create an agent, chat with it (and continue the conversation), change
 * it, find it again, delete it.
 * Run with AGENTRY_API_KEY (and AGENTRY_BASE_URL if the server is not on localhost:9080).
 */
public final class Quickstart {

    public static void main(String[] args) {
        try (AgentryClient client = AgentryClient.fromEnv()) {
            Me me = client.me().retrieve();
            System.out.println("Signed in to " + me.workspaceName() + " (" + me.plan() + ") with scopes " + me.scopes());

            Agent agent = client.agents().create(AgentCreateParams.builder()
                    .name("Code Reviewer")
                    .provider(AgentProvider.ANTHROPIC)
                    .model("claude-sonnet-4-20250514")
                    .systemPrompt("You are a senior code reviewer. Be concise.")
                    .temperature(0.3)
                    .tags(List.of("code", "review"))
                    .build());
            System.out.println("Created agent " + agent.id() + " (" + agent.provider() + " " + agent.model() + ")");

            ChatReply reply = client.chat().send(agent.id(), ChatParams.of("Review: for (i = 0; i <= n; i++)"));
            System.out.println("Reply: " + reply.reply() + " [" + reply.usage().totalTokens() + " tokens]");
            ChatReply followUp = client.chat().send(agent.id(), ChatParams.builder()
                    .message("And how do I fix it?").conversationId(reply.conversationId()).build());
            System.out.println("Follow-up in the same conversation: " + followUp.conversationId().equals(reply.conversationId()));

            agent = client.agents().update(agent.id(), AgentUpdateParams.builder().description("Reviews pull requests").build());
            System.out.println("Description: " + agent.description());

            Agent found = client.agents().retrieve(agent.id());
            System.out.println("Retrieved " + found.name() + ", tags " + found.tags());

            client.agents().delete(agent.id());
            System.out.println("Deleted agent " + agent.id());
        }
    }

    private Quickstart() {
    }
}
