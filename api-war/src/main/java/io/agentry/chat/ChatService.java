package io.agentry.chat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.agentry.agents.AgentService;
import io.agentry.agents.AgentView;
import io.agentry.agents.Provider;
import io.agentry.conversations.Message;
import io.agentry.conversations.MessageStatus;
import io.agentry.conversations.MessageView;
import io.agentry.http.ApiException;
import io.agentry.http.JacksonWriter;
import io.agentry.http.OutboundUrls;
import io.agentry.http.StoredJson;
import io.agentry.http.WireEnum;
import io.agentry.http.auth.Caller;
import io.agentry.llm.LlmClients;
import io.agentry.llm.ModelCaller;
import io.agentry.llm.ProviderEndpoint;
import io.agentry.llm.ProviderFailure;
import io.agentry.providers.ProviderEndpoints;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One chat exchange: the user's message is stored, the agent's model is called with the
 * conversation's history (and its tools, in rounds, while it asks for them), and the reply is
 * stored with a usage record per model call. The reply goes back whole, as Server-Sent Events,
 * or to a webhook; a provider failure is stored as a failed reply and answered 502/504.
 */
@ApplicationScoped
public class ChatService {

    private static final Logger LOG = Logger.getLogger(ChatService.class.getName());

    @Inject
    ChatStore store;

    @Inject
    AgentService agents;

    @Inject
    AgentTools tools;

    @Inject
    ModelCaller models;

    @Inject
    ProviderEndpoints endpoints;

    @Inject
    OutboundUrls outboundUrls;

    @Inject
    WebhookDelivery webhooks;

    @Resource
    ManagedExecutorService executor;

    /** History sent with each message, in characters (about four per token). */
    @Inject
    @ConfigProperty(name = "agentry.chat.context-chars", defaultValue = "32000")
    int contextChars;

    @Inject
    @ConfigProperty(name = "agentry.chat.max-tool-rounds", defaultValue = "4")
    int maxToolRounds;

    @Inject
    @ConfigProperty(name = "agentry.chat.keepalive-seconds", defaultValue = "15")
    int keepAliveSeconds;

    /** A validated exchange whose user message is stored: ready to be answered. */
    public record Started(Caller caller, AgentView agent, ProviderEndpoint endpoint, ChatInput input, ChatStore.Exchange exchange) {
        Provider provider() {
            return endpoint.provider();
        }
    }

    /** Validates the request, checks the agent and its provider, and stores the user's message. */
    public Started start(Caller caller, UUID agentId, ChatInput input) {
        if (input.webhookUrl() != null) {
            outboundUrls.check("webhook_url", input.webhookUrl());
            webhooks.requireConfigured();
        }
        // read before the transaction: it must not take a second connection while holding one
        ProviderEndpoints.Resolver organizationEndpoints = endpoints.of(caller.organizationId());
        if (input.conversationId() == null) {
            // as this server last read it; the insert checks its version, and a changed agent is read again
            AgentView agent = agents.getRecent(caller, agentId);
            for (int attempt = 1; ; attempt++) {
                ProviderEndpoint endpoint = endpoint(organizationEndpoints, agent);
                ChatStore.Exchange exchange = store.start(caller, agent, input);
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
                agent -> endpoint.set(endpoint(organizationEndpoints, agent)));
        return new Started(caller, exchange.agent(), endpoint.get(), input, exchange);
    }

    /** Where the agent's provider is called for this organization, if it can chat at all. */
    private static ProviderEndpoint endpoint(ProviderEndpoints.Resolver organizationEndpoints, AgentView agent) {
        Provider provider = WireEnum.parsePlain(Provider.class, agent.provider())
                .orElseThrow(() -> ApiException.unprocessable("unsupported_provider", "the agent's provider '" + agent.provider()
                        + "' cannot chat"));
        try {
            ProviderEndpoint endpoint = organizationEndpoints.resolve(provider);
            LlmClients.requireConfigured(endpoint);
            return endpoint;
        } catch (ProviderFailure e) {
            throw new ApiException(503, e.code(), e.getMessage());
        }
    }

    /** Answers in the calling thread; a provider failure becomes a 502/504 after the failed reply is stored. */
    public ChatReply reply(Started started) {
        Turn turn = new Turn();
        try {
            converse(started, turn, null);
        } catch (ProviderFailure failure) {
            Message failed = store.finish(started.caller(), started.agent().id(), started.exchange(),
                    turn.outcome(started, MessageStatus.FAILED, failure.getMessage()), started.input().metadataJson());
            throw new ApiException(failure.httpStatus(), failure.code(), failure.getMessage() + " (the message is kept in "
                    + "conversation " + started.exchange().conversationId() + " as reply " + failed.getId() + ", status failed)");
        } catch (ModelCaller.ClientGone | IOException impossible) { // only a stream has a client to lose
            throw new IllegalStateException(impossible);
        }
        Message reply = store.finish(started.caller(), started.agent().id(), started.exchange(),
                turn.outcome(started, MessageStatus.COMPLETE, null), started.input().metadataJson());
        return view(started, reply);
    }

    /** Streams the reply as Server-Sent Events; errors become an error event, a client that leaves cancels it. */
    public void stream(Started started, OutputStream out) throws IOException {
        Turn turn = new Turn();
        SseWriter sse = new SseWriter(out, turn.text);
        ChatStore.Exchange exchange = started.exchange();
        try {
            sse.open();
            sse.event("message_start", ordered("conversation_id", exchange.conversationId(),
                    "user_message_id", exchange.userMessageId(), "agent_id", started.agent().id(),
                    "provider", started.provider().wire(), "model", started.agent().model()));
            converse(started, turn, sse);
        } catch (ModelCaller.ClientGone | IOException gone) {
            try {
                finish(started, turn, MessageStatus.CANCELLED, "the client disconnected", sse);
            } catch (IOException stillGone) {
                // nobody is listening for the outcome
            }
            return;
        } catch (ProviderFailure failure) {
            Message failed = finish(started, turn, MessageStatus.FAILED, failure.getMessage(), sse);
            if (failed != null) {
                sse.event("error", ordered("code", failure.code(), "message", failure.getMessage(),
                        "status", failure.httpStatus(), "message_id", failed.getId(), "conversation_id", exchange.conversationId()));
            }
            return;
        } catch (RuntimeException e) {
            internalError(sse, exchange, e);
            return;
        }
        Message reply = finish(started, turn, MessageStatus.COMPLETE, null, sse);
        if (reply == null) {
            return;
        }
        ChatReply view = view(started, reply);
        sse.event("message_end", ordered("message_id", view.messageId(), "conversation_id", view.conversationId(),
                "usage", view.usage(), "citations", view.citations(), "tool_calls", view.toolCalls()));
    }

    /**
     * Stores how a stream ended. If that fails, the client learns it from an error event (409 when
     * the conversation was deleted meanwhile) and null is returned.
     */
    private Message finish(Started s, Turn turn, MessageStatus status, String error, SseWriter sse) throws IOException {
        try {
            return store.finish(s.caller(), s.agent().id(), s.exchange(), turn.outcome(s, status, error), s.input().metadataJson());
        } catch (ApiException e) {
            sse.event("error", ordered("code", e.code(), "message", e.getMessage(), "status", e.status(),
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
        sse.event("error", ordered("code", "internal_error", "message", "internal server error (incident " + incident + ")",
                "status", 500, "conversation_id", exchange.conversationId()));
    }

    /** Answers on a managed thread and POSTs the outcome to the webhook (if any). */
    public ChatAccepted answerLater(Started started) {
        executor.execute(() -> {
            Object payload;
            String event;
            try {
                payload = reply(started);
                event = "chat.completed";
            } catch (ApiException e) {
                payload = ordered("conversation_id", started.exchange().conversationId(),
                        "user_message_id", started.exchange().userMessageId(), "agent_id", started.agent().id(),
                        "error", ordered("code", e.code(), "message", e.getMessage()));
                event = "chat.failed";
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "asynchronous chat in conversation " + started.exchange().conversationId() + " failed", e);
                payload = ordered("conversation_id", started.exchange().conversationId(),
                        "user_message_id", started.exchange().userMessageId(), "agent_id", started.agent().id(),
                        "error", ordered("code", "internal_error", "message", "the reply could not be produced"));
                event = "chat.failed";
            }
            if (started.input().webhookUrl() != null) {
                webhooks.deliver(started.input().webhookUrl(), event, payload);
            }
        });
        return new ChatAccepted(started.exchange().conversationId(), started.exchange().userMessageId(), started.agent().id(),
                "accepted", started.input().webhookUrl());
    }

    /** What an exchange has produced so far (kept when it ends early). */
    private static final class Turn {
        final StringBuilder text = new StringBuilder();
        final List<Map<String, Object>> toolCalls = new ArrayList<>();
        final Map<Object, Map<String, Object>> citations = new LinkedHashMap<>();
        final List<ChatOutcome.Call> calls = new ArrayList<>();

        ChatOutcome outcome(Started s, MessageStatus status, String error) {
            String content = text.isEmpty() && status != MessageStatus.COMPLETE ? null : text.toString();
            return new ChatOutcome(status, content, error, s.provider().wire(), s.agent().model(), toolCalls,
                    new ArrayList<>(citations.values()), calls);
        }
    }

    private void converse(Started s, Turn turn, SseWriter sse) throws ModelCaller.ClientGone, IOException {
        AgentView agent = s.agent();
        List<ToolSpecification> specs = tools.specifications(agent.tools(), agent.knowledgeBaseIds());
        List<ChatMessage> messages = messages(agent, s.exchange().history(), s.input(), !specs.isEmpty());
        Duration keepAlive = Duration.ofSeconds(Math.max(1, keepAliveSeconds));
        for (int round = 1; ; round++) {
            ChatRequest.Builder request = ChatRequest.builder().messages(messages).modelName(agent.model())
                    .temperature(agent.temperature()).maxOutputTokens(agent.maxTokens());
            boolean lastRound = round > maxToolRounds;
            if (!specs.isEmpty() && !(lastRound && s.provider() == Provider.OLLAMA)) {
                request.toolSpecifications(specs);
                if (lastRound) {
                    // out of tool rounds: the model must answer from what it found (LangChain4j's
                    // Ollama client takes no tool choice, so Ollama is sent no tools instead)
                    request.toolChoice(ToolChoice.NONE);
                }
            }
            ChatResponse response = sse == null ? models.call(s.endpoint(), request.build())
                    : models.stream(s.endpoint(), request.build(), sse, keepAlive);
            TokenUsage usage = response.tokenUsage();
            turn.calls.add(new ChatOutcome.Call(tokens(usage == null ? null : usage.inputTokenCount()),
                    tokens(usage == null ? null : usage.outputTokenCount())));
            AiMessage ai = response.aiMessage();
            if (sse == null && ai.text() != null) {
                turn.text.append(ai.text());
            }
            if (!ai.hasToolExecutionRequests() || lastRound) {
                return;
            }
            messages.add(ai);
            for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                Object arguments = arguments(call.arguments());
                if (sse != null) {
                    sse.event("tool_call", ordered("id", call.id(), "name", call.name(), "arguments", arguments));
                }
                AgentTools.Result result = tools.execute(s.caller(), agent.knowledgeBaseIds(), call.name(), arguments);
                for (Map<String, Object> c : result.citations()) {
                    turn.citations.putIfAbsent(c.get("item_id"), c);
                }
                turn.toolCalls.add(ordered("id", call.id(), "name", call.name(), "arguments", arguments,
                        "citations", result.citations()));
                if (sse != null) {
                    sse.event("tool_result", ordered("id", call.id(), "name", call.name(), "citations", result.citations()));
                }
                messages.add(ToolExecutionResultMessage.from(call, result.text()));
            }
        }
    }

    private static List<ChatMessage> messages(AgentView agent, List<Message> history, ChatInput input, boolean withTools) {
        List<ChatMessage> messages = new ArrayList<>();
        String system = agent.systemPrompt() == null ? "" : agent.systemPrompt();
        if (withTools && !agent.knowledgeBaseIds().isEmpty()) {
            system = (system + "\n\nSearch the knowledge bases with " + AgentTools.SEARCH + " when they may hold the answer, "
                    + "and name the sources you used.").trim();
        }
        if (!system.isBlank()) {
            messages.add(SystemMessage.from(system));
        }
        for (Message m : history) {
            messages.add(m.getRole().equals("user") ? UserMessage.from(m.getContent()) : AiMessage.from(m.getContent()));
        }
        StringBuilder content = new StringBuilder(input.message());
        for (Map<String, String> a : input.attachments()) {
            String name = a.getOrDefault("name", a.get("type").equals("url") ? a.get("url") : "attachment");
            content.append("\n\n[attachment: ").append(name).append("]\n")
                    .append(a.get("type").equals("url") ? a.get("url") : a.get("content"));
        }
        messages.add(UserMessage.from(content.toString()));
        return messages;
    }

    private ChatReply view(Started s, Message reply) {
        return new ChatReply(reply.getId(), reply.getConversationId(), s.exchange().userMessageId(), s.agent().id(),
                reply.getContent(), reply.getProvider(), reply.getModel(),
                reply.getPromptTokens() == null ? new MessageView.Usage(0, 0, 0) : new MessageView.Usage(reply.getPromptTokens(),
                        reply.getCompletionTokens(), reply.getPromptTokens() + reply.getCompletionTokens()),
                StoredJson.tree(reply.getToolCallsJson(), "[]"), StoredJson.tree(reply.getCitationsJson(), "[]"),
                StoredJson.tree(reply.getMetadataJson(), "{}"), reply.getCreatedAt());
    }

    private static Object arguments(String json) {
        try {
            return JacksonWriter.MAPPER.readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (IOException e) {
            return json; // the model's text as sent, when it is not JSON
        }
    }

    private static int tokens(Integer count) {
        return count == null ? 0 : count;
    }

    /** A JSON object with its keys in the given order. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
