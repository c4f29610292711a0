package io.agentry.llm;

import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.agentry.agents.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One LangChain4j client per provider and mode, built on first use. Model name, temperature,
 * token limit and tools travel with each request, so every agent of a provider shares a client
 * (and its HTTP connection pool). LangChain4j's own retries are off: {@link ModelCaller} retries.
 */
@ApplicationScoped
public class LlmClients {

    @Inject
    LlmSettings settings;

    private final Map<Provider, ChatModel> chat = new ConcurrentHashMap<>();
    private final Map<Provider, StreamingChatModel> streaming = new ConcurrentHashMap<>();

    /** Throws {@link ProviderFailure} (NOT_CONFIGURED) when the provider needs a key the server lacks. */
    public void requireConfigured(Provider provider) {
        LlmSettings.Endpoint endpoint = settings.endpoint(provider);
        boolean needsKey = provider == Provider.OPENAI || provider == Provider.ANTHROPIC;
        if (needsKey && (endpoint.apiKey() == null || endpoint.apiKey().isBlank())) {
            String variable = provider == Provider.OPENAI ? "AGENTRY_OPENAI_API_KEY" : "AGENTRY_ANTHROPIC_API_KEY";
            throw new ProviderFailure(ProviderFailure.Kind.NOT_CONFIGURED, null,
                    "provider " + provider.wire() + " is not configured on this server (set " + variable + ")", null);
        }
    }

    public ChatModel chat(Provider provider) {
        return chat.computeIfAbsent(provider, this::buildChat);
    }

    public StreamingChatModel streaming(Provider provider) {
        return streaming.computeIfAbsent(provider, this::buildStreaming);
    }

    private ChatModel buildChat(Provider provider) {
        LlmSettings.Endpoint e = settings.endpoint(provider);
        return switch (provider) {
            case OPENAI, OPENAI_COMPATIBLE -> OpenAiChatModel.builder().httpClientBuilder(http()).baseUrl(e.baseUrl())
                    .apiKey(e.apiKeyOrPlaceholder()).timeout(settings.timeout()).maxRetries(0).build();
            case ANTHROPIC -> AnthropicChatModel.builder().httpClientBuilder(http()).baseUrl(e.baseUrl())
                    .apiKey(e.apiKeyOrPlaceholder()).timeout(settings.timeout()).maxRetries(0).build();
            case OLLAMA -> OllamaChatModel.builder().httpClientBuilder(http()).baseUrl(e.baseUrl())
                    .timeout(settings.timeout()).maxRetries(0).build();
        };
    }

    private StreamingChatModel buildStreaming(Provider provider) {
        LlmSettings.Endpoint e = settings.endpoint(provider);
        return switch (provider) {
            case OPENAI, OPENAI_COMPATIBLE -> OpenAiStreamingChatModel.builder().httpClientBuilder(http()).baseUrl(e.baseUrl())
                    .apiKey(e.apiKeyOrPlaceholder()).timeout(settings.timeout()).build();
            case ANTHROPIC -> AnthropicStreamingChatModel.builder().httpClientBuilder(http()).baseUrl(e.baseUrl())
                    .apiKey(e.apiKeyOrPlaceholder()).timeout(settings.timeout()).build();
            case OLLAMA -> OllamaStreamingChatModel.builder().httpClientBuilder(http()).baseUrl(e.baseUrl())
                    .timeout(settings.timeout()).build();
        };
    }

    /** LangChain4j's JDK transport, on a client that notes what a 429 or 503 said of retrying. */
    private static JdkHttpClientBuilder http() {
        return JdkHttpClient.builder().httpClientBuilder(RetryAfterRecordingClient.builder());
    }
}
