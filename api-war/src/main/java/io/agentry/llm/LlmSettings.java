package io.agentry.llm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.agentry.llm.Provider;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where each LLM provider is and how to call it, from MicroProfile Config (environment:
 * AGENTRY_OPENAI_API_KEY, AGENTRY_ANTHROPIC_BASE_URL, AGENTRY_LLM_TIMEOUT_SECONDS...). Base URLs
 * come from the operator, not from callers, so they are not subject to the outbound URL guard.
 */
@ApplicationScoped
public class LlmSettings {

    @Inject
    @ConfigProperty(name = "agentry.openai.base-url", defaultValue = "https://api.openai.com/v1")
    String openAiBaseUrl;

    @Inject
    @ConfigProperty(name = "agentry.openai.api-key")
    Optional<String> openAiApiKey;

    @Inject
    @ConfigProperty(name = "agentry.anthropic.base-url", defaultValue = "https://api.anthropic.com/v1")
    String anthropicBaseUrl;

    @Inject
    @ConfigProperty(name = "agentry.anthropic.api-key")
    Optional<String> anthropicApiKey;

    @Inject
    @ConfigProperty(name = "agentry.ollama.base-url", defaultValue = "http://localhost:11434")
    String ollamaBaseUrl;

    /** vLLM, LM Studio, llama.cpp server, Groq...: anything that speaks OpenAI's chat completions. */
    @Inject
    @ConfigProperty(name = "agentry.openai-compatible.base-url", defaultValue = "http://localhost:8000/v1")
    String compatibleBaseUrl;

    @Inject
    @ConfigProperty(name = "agentry.openai-compatible.api-key")
    Optional<String> compatibleApiKey;

    /** Longest wait for a whole non-streamed reply, or between two parts of a streamed one. */
    @Inject
    @ConfigProperty(name = "agentry.llm.timeout-seconds", defaultValue = "120")
    int timeoutSeconds;

    /** Retries of a model call that failed with 429, 5xx or a connection error before any output. */
    @Inject
    @ConfigProperty(name = "agentry.llm.max-retries", defaultValue = "2")
    int maxRetries;

    /** First retry delay; doubled per retry (with jitter), at most 8 s. */
    @Inject
    @ConfigProperty(name = "agentry.llm.retry-base-millis", defaultValue = "500")
    long retryBaseMillis;

    /**
     * Most bytes read of one answer of a model or embedding server, whole or streamed: a server
     * that answers without end fails the call rather than fill the heap.
     */
    @Inject
    @ConfigProperty(name = "agentry.llm.max-response-bytes", defaultValue = "33554432")
    long maxResponseBytes;

    public long maxResponseBytes() { return Math.max(1024, maxResponseBytes); }
    public Duration timeout() { return Duration.ofSeconds(Math.max(1, timeoutSeconds)); }
    public int maxRetries() { return Math.max(0, maxRetries); }
    public long retryBaseMillis() { return Math.max(1, retryBaseMillis); }

    /** The server's endpoint and key for a provider. */
    public ProviderEndpoint endpoint(Provider provider) {
        return switch (provider) {
            case OPENAI -> server(provider, openAiBaseUrl, openAiApiKey);
            case ANTHROPIC -> server(provider, anthropicBaseUrl, anthropicApiKey);
            case OLLAMA -> server(provider, ollamaBaseUrl, Optional.empty());
            case OPENAI_COMPATIBLE -> server(provider, compatibleBaseUrl, compatibleApiKey);
        };
    }

    /** The environment variable that holds a provider's server key, for messages to the operator. */
    public static String keyVariable(Provider provider) {
        return "AGENTRY_" + provider.name() + "_API_KEY";
    }

    private static ProviderEndpoint server(Provider provider, String baseUrl, Optional<String> apiKey) {
        return new ProviderEndpoint(provider, baseUrl, apiKey.filter(k -> !k.isBlank()).orElse(null),
                ProviderEndpoint.Source.SERVER);
    }
}
