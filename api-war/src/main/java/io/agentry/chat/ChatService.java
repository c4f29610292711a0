package io.agentry.chat;

import io.agentry.agents.AgentEvents;
import io.agentry.agents.AgentProgress;
import io.agentry.agents.AgentRequest;
import io.agentry.agents.AgentRunner;
import io.agentry.agents.AgentService;
import io.agentry.agents.AgentView;
import io.agentry.conversations.Message;
import io.agentry.conversations.MessageStatus;
import io.agentry.conversations.MessageView;
import io.agentry.http.ApiException;
import io.agentry.http.OutboundUrls;
import io.agentry.http.SseWriter;
import io.agentry.http.StoredJson;
import io.agentry.http.auth.Caller;
import io.agentry.llm.ModelCaller;
import io.agentry.llm.Provider;
import io.agentry.llm.ProviderEndpoint;
import io.agentry.llm.ProviderFailure;
import io.agentry.providers.ProviderEndpoints;
import io.agentry.webhooks.WebhookSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One chat exchange: the user's message is stored, the agent answers ({@link AgentRunner}), and
 * the reply is stored with a usage record per model call. The reply goes back whole, as
 * Server-Sent Events, or later: then the message is stored together with a job that answers it
 * ({@link ChatReplyHandler}), durable across restarts, its outcome sent to the webhook_url. A
 * provider failure is stored as a failed reply and answered 502/504.
 */
@ApplicationScoped
public class ChatService {

    private static final Logger LOG = Logger.getLogger(ChatService.class.getName());

    @Inject
    ChatStore store;

    @Inject
    AgentService agents;

    @Inject
    AgentRunner runner;

    @Inject
    ProviderEndpoints endpoints;

    @Inject
    OutboundUrls outboundUrls;

    @Inject
    WebhookSettings webhooks;

    /** History sent with each message, in characters (about four per token). */
    @Inject
    @ConfigProperty(name = "agentry.chat.context-chars", defaultValue = "32000")
    int contextChars;

    @Inject
    @ConfigProperty(name = "agentry.chat.keepalive-seconds", defaultValue = "15")
    int keepAliveSeconds;

    /** A validated exchange whose user message is stored: ready to be answered. */
    public record Started(Caller caller, AgentView agent, ProviderEndpoint endpoint, ChatInput input, ChatStore.Exchange exchange) {
        Provider provider() {
            return endpoint.provider();
        }
    }

    int contextChars() {
        return contextChars;
    }

    /**
     * Validates the request, checks the agent and its provider, and stores the user's message (with
     * the job that answers it, when the reply is wanted later).
     */
    public Started start(Caller caller, UUID agentId, ChatInput input) {
        if (input.webhookUrl() != null) {
            outboundUrls.check("webhook_url", input.webhookUrl());
            webhooks.requireServerSecret();
        }
        ChatStore.ReplyLater later = input.sync() ? null
                : (conversationId, userMessageId) -> ChatReplyHandler.job(caller, agentId, conversationId, userMessageId, input);
        // read before the transaction: it must not take a second connection while holding one
        ProviderEndpoints.Resolver organizationEndpoints = endpoints.of(caller.organizationId());
        if (input.conversationId() == null) {
            // as this server last read it; the insert checks its version, and a changed agent is read again
            AgentView agent = agents.getRecent(caller, agentId);
            for (int attempt = 1; ; attempt++) {
                ProviderEndpoint endpoint = endpoint(organizationEndpoints, agent);
                ChatStore.Exchange exchange = store.start(caller, agent, input, later);
                if (exchange != null) {
                    return new Started(caller, agent, endpoint, input, exchange);
                }
                if (attempt == 3) {
                    throw ApiException.conflict("the agent changed while the message was being stored; send it again");
                }
                agent = agents.getDirect(caller, agentId); // 404 if it is gone
            }
        }
        AtomicReference<ProviderEndpoint> endpoint = new AtomicReference<>();
        ChatStore.Exchange exchange = store.continueConversation(caller, agentId, input, contextChars,
                agent -> endpoint.set(endpoint(organizationEndpoints, agent)), later);
        return new Started(caller, exchange.agent(), endpoint.get(), input, exchange);
    }

    /** Where the agent's provider is called for this organization, if it can chat at all. */
    static ProviderEndpoint endpoint(ProviderEndpoints.Resolver organizationEndpoints, AgentView agent) {
        try {
            return AgentRunner.endpoint(organizationEndpoints, agent);
        } catch (AgentRunner.UnsupportedProvider e) {
            throw ApiException.unprocessable("unsupported_provider", e.getMessage());
        } catch (ProviderFailure e) {
            throw new ApiException(503, e.code(), e.getMessage());
        }
    }

    /** Answers in the calling thread; a provider failure becomes a 502/504 after the failed reply is stored. */
    public ChatReply reply(Started started) {
        AgentProgress progress = new AgentProgress();
        try {
            runner.run(request(started), progress, AgentEvents.NONE);
        } catch (ProviderFailure failure) {
            Message failed = store.finish(started.caller(), started.agent().id(), started.exchange(),
                    outcome(started, progress, MessageStatus.FAILED, failure.getMessage()), started.input().metadataJson());
            throw new ApiException(failure.httpStatus(), failure.code(), failure.getMessage() + " (the message is kept in "
                    + "conversation " + started.exchange().conversationId() + " as reply " + failed.getId() + ", status failed)");
        } catch (ModelCaller.ClientGone | IOException impossible) { // only a stream has a client to lose
            throw new IllegalStateException(impossible);
        }
        Message reply = store.finish(started.caller(), started.agent().id(), started.exchange(),
                outcome(started, progress, MessageStatus.COMPLETE, null), started.input().metadataJson());
        return view(started, reply);
    }

    /** Streams the reply as Server-Sent Events; errors become an error event, a client that leaves cancels it. */
    public void stream(Started started, OutputStream out) throws IOException {
        AgentProgress progress = new AgentProgress();
        SseWriter sse = new SseWriter(out, progress.textBuffer(), "chat events");
        ChatStore.Exchange exchange = started.exchange();
        Duration keepAlive = Duration.ofSeconds(Math.max(1, keepAliveSeconds));
        AgentEvents events = new AgentEvents() {
            @Override
            public ModelCaller.Output stream() {
                return sse;
            }

            @Override
            public Duration keepAlive() {
                return keepAlive;
            }

            @Override
            public void toolCall(String id, String name, Object arguments) throws IOException {
                sse.event("tool_call", AgentRunner.ordered("id", id, "name", name, "arguments", arguments));
            }

            @Override
            public void toolResult(String id, String name, List<Map<String, Object>> citations) throws IOException {
                sse.event("tool_result", AgentRunner.ordered("id", id, "name", name, "citations", citations));
            }
        };
        try {
            sse.open();
            sse.event("message_start", AgentRunner.ordered("conversation_id", exchange.conversationId(),
                    "user_message_id", exchange.userMessageId(), "agent_id", started.agent().id(),
                    "provider", started.provider().wire(), "model", started.agent().model()));
            runner.run(request(started), progress, events);
        } catch (ModelCaller.ClientGone | IOException gone) {
            try {
                finish(started, progress, MessageStatus.CANCELLED, "the client disconnected", sse);
            } catch (IOException stillGone) {
                // nobody is listening for the outcome
            }
            return;
        } catch (ProviderFailure failure) {
            Message failed = finish(started, progress, MessageStatus.FAILED, failure.getMessage(), sse);
            if (failed != null) {
                sse.event("error", AgentRunner.ordered("code", failure.code(), "message", failure.getMessage(),
                        "status", failure.httpStatus(), "message_id", failed.getId(), "conversation_id", exchange.conversationId()));
            }
            return;
        } catch (RuntimeException e) {
            internalError(sse, exchange, e);
            return;
        }
        Message reply = finish(started, progress, MessageStatus.COMPLETE, null, sse);
        if (reply == null) {
            return;
        }
        ChatReply view = view(started, reply);
        sse.event("message_end", AgentRunner.ordered("message_id", view.messageId(), "conversation_id", view.conversationId(),
                "usage", view.usage(), "citations", view.citations(), "tool_calls", view.toolCalls()));
    }

    /**
     * Stores how a stream ended. If that fails, the client learns it from an error event (409 when
     * the conversation was deleted meanwhile) and null is returned.
     */
    private Message finish(Started s, AgentProgress progress, MessageStatus status, String error, SseWriter sse) throws IOException {
        try {
            return store.finish(s.caller(), s.agent().id(), s.exchange(), outcome(s, progress, status, error), s.input().metadataJson());
        } catch (ApiException e) {
            sse.event("error", AgentRunner.ordered("code", e.code(), "message", e.getMessage(), "status", e.status(),
                    "conversation_id", s.exchange().conversationId()));
        } catch (RuntimeException e) {
            internalError(sse, s.exchange(), e);
        }
        return null;
    }

    /** The 200 and the first events are out: the client learns of an unexpected failure from the stream. */
    private static void internalError(SseWriter sse, ChatStore.Exchange exchange, RuntimeException e) throws IOException {
        String incident = io.agentry.http.RequestIds.next().replace("req_", "inc_");
        LOG.log(Level.SEVERE, "chat stream in conversation " + exchange.conversationId() + " failed, incident " + incident, e);
        sse.event("error", AgentRunner.ordered("code", "internal_error", "message", "internal server error (incident " + incident + ")",
                "status", 500, "conversation_id", exchange.conversationId()));
    }

    /** The message and its answering job are stored: the reply comes later, to the webhook_url if one was given. */
    public ChatAccepted answerLater(Started started) {
        return new ChatAccepted(started.exchange().conversationId(), started.exchange().userMessageId(), started.agent().id(),
                "accepted", started.input().webhookUrl());
    }

    static AgentRequest request(Started s) {
        List<AgentRequest.PriorMessage> history = s.exchange().history().stream()
                .map(m -> new AgentRequest.PriorMessage(m.getRole().equals("user"), m.getContent())).toList();
        return new AgentRequest(s.caller(), s.agent(), s.endpoint(), history, s.input().modelText());
    }

    static ChatOutcome outcome(Started s, AgentProgress progress, MessageStatus status, String error) {
        String content = progress.textBuffer().isEmpty() && status != MessageStatus.COMPLETE ? null : progress.text();
        return new ChatOutcome(status, content, error, s.provider().wire(), s.agent().model(), progress.toolCalls(),
                progress.citations(), progress.calls());
    }

    static ChatReply view(Started s, Message reply) {
        return new ChatReply(reply.getId(), reply.getConversationId(), s.exchange().userMessageId(), s.agent().id(),
                reply.getContent(), reply.getProvider(), reply.getModel(),
                reply.getPromptTokens() == null ? new MessageView.Usage(0, 0, 0) : new MessageView.Usage(reply.getPromptTokens(),
                        reply.getCompletionTokens(), reply.getPromptTokens() + reply.getCompletionTokens()),
                StoredJson.tree(reply.getToolCallsJson(), "[]"), StoredJson.tree(reply.getCitationsJson(), "[]"),
                StoredJson.tree(reply.getMetadataJson(), "{}"), reply.getCreatedAt());
    }
}
