package io.agentry.agents;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.agentry.http.WireEnum;
import io.agentry.llm.LlmClients;
import io.agentry.llm.ModelCaller;
import io.agentry.llm.Provider;
import io.agentry.llm.ProviderEndpoint;
import io.agentry.llm.ProviderFailure;
import io.agentry.providers.ProviderEndpoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One agent turn, for chat, tasks and team runs alike: the prompt (system prompt, the
 * conversation, the message), the agent's tools offered through the provider's native tool
 * calling, model calls in rounds while the model asks for tools, and a last round that must
 * answer. What the turn produces accumulates in an {@link AgentProgress}; a model failure ends it
 * as a {@link ProviderFailure} (CANCELLED when stopped through {@link io.agentry.llm.CallAbort}).
 */
@ApplicationScoped
public class AgentRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgentTools tools;

    @Inject
    ModelCaller models;

    @Inject
    @ConfigProperty(name = "agentry.chat.max-tool-rounds", defaultValue = "4")
    int maxToolRounds;

    /**
     * Where the agent's model is called for its organization. Throws {@link ProviderFailure}
     * (NOT_CONFIGURED) when the provider has no key, {@link UnsupportedProvider} when the agent's
     * provider cannot chat at all.
     */
    public static ProviderEndpoint endpoint(ProviderEndpoints.Resolver organizationEndpoints, AgentView agent) {
        Provider provider = WireEnum.parsePlain(Provider.class, agent.provider())
                .orElseThrow(() -> new UnsupportedProvider(agent.provider()));
        ProviderEndpoint endpoint = organizationEndpoints.resolve(provider);
        LlmClients.requireConfigured(endpoint);
        return endpoint;
    }

    /** The agent names a provider this server cannot chat with. */
    public static final class UnsupportedProvider extends RuntimeException {
        public UnsupportedProvider(String provider) {
            super("the agent's provider '" + provider + "' cannot chat");
        }
    }

    public void run(AgentRequest request, AgentProgress progress, AgentEvents events) throws ModelCaller.ClientGone, IOException {
        AgentView agent = request.agent();
        List<ToolSpecification> specs = tools.specifications(agent.tools(), agent.knowledgeBaseIds());
        List<ChatMessage> messages = prompt(agent, request.instructions(), request.history(), request.message(), !specs.isEmpty());
        for (int round = 1; ; round++) {
            boolean lastRound = round > maxToolRounds;
            AiMessage ai = call(request, messages, specs, lastRound, progress, events);
            if (!ai.hasToolExecutionRequests() || lastRound) {
                return;
            }
            messages.add(ai);
            for (ToolExecutionRequest toolCall : ai.toolExecutionRequests()) {
                Object arguments = arguments(toolCall.arguments());
                events.toolCall(toolCall.id(), toolCall.name(), arguments);
                AgentTools.Result result = execute(request, toolCall.id(), toolCall.name(), arguments, progress, events);
                messages.add(ToolExecutionResultMessage.from(toolCall, result.text()));
            }
        }
    }

    /** The agent's own tools (knowledge search, the clock), as offered to its model. */
    public List<ToolSpecification> ownTools(AgentView agent) {
        return tools.specifications(agent.tools(), agent.knowledgeBaseIds());
    }

    /**
     * One model call of a turn with {@code specs} offered (none when {@code answerNow}: the model
     * must answer): its tokens are added to {@code progress}, its text too when not streamed.
     */
    public AiMessage call(AgentRequest request, List<ChatMessage> messages, List<ToolSpecification> specs, boolean answerNow,
                          AgentProgress progress, AgentEvents events) throws ModelCaller.ClientGone {
        AgentView agent = request.agent();
        Provider provider = request.endpoint().provider();
        ChatRequest.Builder call = ChatRequest.builder().messages(messages).modelName(agent.model())
                .temperature(agent.temperature()).maxOutputTokens(agent.maxTokens());
        if (!specs.isEmpty() && !(answerNow && provider == Provider.OLLAMA)) {
            call.toolSpecifications(specs);
            if (answerNow) {
                // out of tool rounds: the model must answer from what it found (LangChain4j's
                // Ollama client takes no tool choice, so Ollama is sent no tools instead)
                call.toolChoice(ToolChoice.NONE);
            }
        }
        ModelCaller.Output stream = events.stream();
        ChatResponse response = stream == null ? models.call(request.endpoint(), call.build())
                : models.stream(request.endpoint(), call.build(), stream, events.keepAlive());
        TokenUsage usage = response.tokenUsage();
        progress.calls().add(new AgentProgress.ModelCall(tokens(usage == null ? null : usage.inputTokenCount()),
                tokens(usage == null ? null : usage.outputTokenCount())));
        AiMessage ai = response.aiMessage();
        if (stream == null && ai.text() != null) {
            progress.textBuffer().append(ai.text());
        }
        return ai;
    }

    /** Runs one of the agent's own tools, recording the call and what it cited in {@code progress}. */
    public AgentTools.Result execute(AgentRequest request, String id, String name, Object arguments, AgentProgress progress,
                                     AgentEvents events) throws IOException {
        AgentTools.Result result = tools.execute(request.caller(), request.agent().knowledgeBaseIds(), name, arguments);
        result.citations().forEach(progress::cite);
        progress.toolCalls().add(ordered("id", id, "name", name, "arguments", arguments, "citations", result.citations()));
        events.toolResult(id, name, result.citations());
        return result;
    }

    /**
     * The messages a turn starts from: the agent's system prompt (with {@code extraSystem}
     * appended, e.g. a team's instructions), the conversation so far and the new message.
     */
    public List<ChatMessage> prompt(AgentView agent, String extraSystem, List<AgentRequest.PriorMessage> history, String message,
                                    boolean withTools) {
        List<ChatMessage> messages = messages(agent, history, message, withTools);
        if (extraSystem != null && !extraSystem.isBlank()) {
            if (!messages.isEmpty() && messages.get(0) instanceof SystemMessage system) {
                messages.set(0, SystemMessage.from(system.text() + "\n\n" + extraSystem));
            } else {
                messages.add(0, SystemMessage.from(extraSystem));
            }
        }
        return messages;
    }

    /** A tool call's arguments as a JSON tree, or the model's text when it is not JSON. */
    public static Object arguments(String json) {
        try {
            return JSON.readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (IOException e) {
            return json;
        }
    }

    private static List<ChatMessage> messages(AgentView agent, List<AgentRequest.PriorMessage> history, String message,
                                              boolean withTools) {
        List<ChatMessage> messages = new ArrayList<>();
        String system = agent.systemPrompt() == null ? "" : agent.systemPrompt();
        if (withTools && !agent.knowledgeBaseIds().isEmpty()) {
            system = (system + "\n\nSearch the knowledge bases with " + AgentTools.SEARCH + " when they may hold the answer, "
                    + "and name the sources you used.").trim();
        }
        if (!system.isBlank()) {
            messages.add(SystemMessage.from(system));
        }
        for (AgentRequest.PriorMessage m : history) {
            messages.add(m.fromUser() ? UserMessage.from(m.content()) : AiMessage.from(m.content()));
        }
        messages.add(UserMessage.from(message));
        return messages;
    }

    private static int tokens(Integer count) {
        return count == null ? 0 : count;
    }

    /** A JSON object with its keys in the given order. */
    public static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
