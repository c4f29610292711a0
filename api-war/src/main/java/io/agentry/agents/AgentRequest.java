package io.agentry.agents;

import io.agentry.http.auth.Caller;
import io.agentry.llm.ProviderEndpoint;
import java.util.List;

/**
 * One turn to run: who asks (tools search with the caller's rights), the agent and where its
 * model is reached, the conversation so far and the new message.
 */
public record AgentRequest(Caller caller, AgentView agent, ProviderEndpoint endpoint, List<PriorMessage> history,
                           String message) {

    /** A message of the conversation before this turn. */
    public record PriorMessage(boolean fromUser, String content) {
    }
}
