package io.agentry.agents;

import io.agentry.http.auth.Caller;
import io.agentry.llm.ProviderEndpoint;
import java.util.List;

/**
 * One turn to run: who asks (tools search with the caller's rights), the agent and where its
 * model is reached, the conversation so far, the new message, and instructions added to the
 * agent's system prompt for this turn (a team's rules; null for none).
 */
public record AgentRequest(Caller caller, AgentView agent, ProviderEndpoint endpoint, List<PriorMessage> history,
                           String message, String instructions) {

    public AgentRequest(Caller caller, AgentView agent, ProviderEndpoint endpoint, List<PriorMessage> history, String message) {
        this(caller, agent, endpoint, history, message, null);
    }

    /** A message of the conversation before this turn. */
    public record PriorMessage(boolean fromUser, String content) {
    }
}
