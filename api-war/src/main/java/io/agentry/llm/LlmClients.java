package io.agentry.llm;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import jakarta.annotation.PreDestroy;
import io.agentry.http.GuardedDnsResolver;
import io.agentry.http.OutboundUrls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One LangChain4j client per provider endpoint and mode, built on first use. Model name,
 * temperature, token limit and tools travel with each request, so every agent calling an
 * endpoint shares a client. All clients send through one {@link BlockingTransport} (one
 * connection pool however many organizations bring their own endpoints). LangChain4j's own
 * retries are off: {@link ModelCaller} retries.
 */
@ApplicationScoped
public class LlmClients {

    /** Organizations' endpoints come and go (a changed key is a new endpoint): forget them all past this many. */
    private static final int MAX_CLIENTS = 500;

    @Inject
    LlmSettings settings;

    private final Map<ProviderEndpoint, ChatModel> chat = new ConcurrentHashMap<>();
    private final Map<ProviderEndpoint, StreamingChatModel> streaming = new ConcurrentHashMap<>();
    /** One connection pool per timeout, and per whether the server called is one a tenant named. */
    private record TransportKey(Duration timeout, boolean guarded) {
    }

    private final Map<TransportKey, BlockingTransport> transports = new ConcurrentHashMap<>();

    @Inject
    OutboundUrls outboundUrls;

    /** Throws {@link ProviderFailure} (NOT_CONFIGURED) when the provider needs a key that neither the organization nor the server has. */
    public static void requireConfigured(ProviderEndpoint endpoint) {
        if (endpoint.missingRequiredKey()) {
            throw new ProviderFailure(ProviderFailure.Kind.NOT_CONFIGURED, null, "provider " + endpoint.provider().wire()
                    + " has no API key: set one for the organization (PUT /api/v1/providers/" + endpoint.provider().wire()
                    + ") or for the server (" + LlmSettings.keyVariable(endpoint.provider()) + ")", null);
        }
    }

    public ChatModel chat(ProviderEndpoint endpoint) {
        return bounded(chat).computeIfAbsent(endpoint, this::buildChat);
    }

    public StreamingChatModel streaming(ProviderEndpoint endpoint) {
        return bounded(streaming).computeIfAbsent(endpoint, this::buildStreaming);
    }

    private static <M> Map<ProviderEndpoint, M> bounded(Map<ProviderEndpoint, M> models) {
        if (models.size() >= MAX_CLIENTS) {
            models.clear(); // cheap to rebuild: the transport is shared
        }
        return models;
    }

    private ChatModel buildChat(ProviderEndpoint e) {
        return switch (e.provider()) {
            case OPENAI, OPENAI_COMPATIBLE -> OpenAiChatModel.builder().httpClientBuilder(http(e)).baseUrl(e.baseUrl())
                    .apiKey(e.apiKeyOrPlaceholder()).timeout(settings.timeout()).maxRetries(0).build();
            case ANTHROPIC -> AnthropicChatModel.builder().httpClientBuilder(http(e)).baseUrl(e.baseUrl())
                    .apiKey(e.apiKeyOrPlaceholder()).timeout(settings.timeout()).maxRetries(0).build();
            case OLLAMA -> OllamaChatModel.builder().httpClientBuilder(http(e)).baseUrl(e.baseUrl())
                    .timeout(settings.timeout()).maxRetries(0).build();
        };
    }

    private StreamingChatModel buildStreaming(ProviderEndpoint e) {
        return switch (e.provider()) {
            case OPENAI, OPENAI_COMPATIBLE -> OpenAiStreamingChatModel.builder().httpClientBuilder(http(e)).baseUrl(e.baseUrl())
                    .apiKey(e.apiKeyOrPlaceholder()).timeout(settings.timeout()).build();
            case ANTHROPIC -> AnthropicStreamingChatModel.builder().httpClientBuilder(http(e)).baseUrl(e.baseUrl())
                    .apiKey(e.apiKeyOrPlaceholder()).timeout(settings.timeout()).build();
            case OLLAMA -> OllamaStreamingChatModel.builder().httpClientBuilder(http(e)).baseUrl(e.baseUrl())
                    .timeout(settings.timeout()).build();
        };
    }

    private HttpClientBuilder http(ProviderEndpoint e) {
        return transport(settings.timeout(), e.source() == ProviderEndpoint.Source.ORGANIZATION_URL);
    }

    /**
     * The transport for LangChain4j's model builders ({@code httpClientBuilder(...)}): answers
     * read within {@code AGENTRY_LLM_MAX_RESPONSE_BYTES}, connect and read within {@code timeout};
     * {@code tenantChosen}: the server called is one an organization named, so every address its
     * host resolves to is checked at connect time (DNS rebinding) as outbound URLs are.
     */
    public HttpClientBuilder transport(Duration timeout, boolean tenantChosen) {
        return transports.computeIfAbsent(new TransportKey(timeout, tenantChosen), k -> new BlockingTransport(k.timeout(),
                k.guarded() ? new GuardedDnsResolver(outboundUrls) : null, settings.maxResponseBytes())).sharing();
    }

    @PreDestroy
    void close() {
        for (BlockingTransport t : transports.values()) {
            try {
                t.close();
            } catch (IOException e) { // closing at shutdown: nothing waits for it
                java.util.logging.Logger.getLogger(LlmClients.class.getName()).log(java.util.logging.Level.FINE, "Closing a model transport", e);
            }
        }
        transports.clear();
    }
}
