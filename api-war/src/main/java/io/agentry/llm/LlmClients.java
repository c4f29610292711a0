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
    private volatile BlockingTransport transport;
    private volatile BlockingTransport guardedTransport;

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

    /** The shared transport; for a base URL an organization chose, the one that checks addresses at connect time. */
    private HttpClientBuilder http(ProviderEndpoint e) {
        boolean guarded = e.source() == ProviderEndpoint.Source.ORGANIZATION_URL;
        BlockingTransport t = guarded ? guardedTransport : transport;
        if (t == null) {
            synchronized (this) {
                if (guarded && guardedTransport == null) {
                    guardedTransport = new BlockingTransport(settings.timeout(), new GuardedDnsResolver(outboundUrls));
                } else if (!guarded && transport == null) {
                    transport = new BlockingTransport(settings.timeout(), null);
                }
                t = guarded ? guardedTransport : transport;
            }
        }
        return t.sharing();
    }

    @PreDestroy
    synchronized void close() throws IOException {
        if (transport != null) {
            transport.close();
        }
        if (guardedTransport != null) {
            guardedTransport.close();
        }
    }
}
