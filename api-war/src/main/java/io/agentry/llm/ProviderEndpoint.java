package io.agentry.llm;

import io.agentry.llm.Provider;

/**
 * Where a provider is called and with which key: the server's configuration, or an
 * organization's own ({@link Source#ORGANIZATION}; {@link Source#ORGANIZATION_URL} when the base
 * URL is the organization's too, whose addresses are checked again at every connect). Equal
 * endpoints share one LangChain4j client.
 */
public record ProviderEndpoint(Provider provider, String baseUrl, String apiKey, Source source) {

    public enum Source { SERVER, ORGANIZATION, ORGANIZATION_URL }

    /** OpenAI and Anthropic refuse calls without a key; Ollama and local OpenAI-compatible servers need none. */
    public static boolean needsKey(Provider provider) {
        return provider == Provider.OPENAI || provider == Provider.ANTHROPIC;
    }

    public boolean missingRequiredKey() {
        return needsKey(provider) && (apiKey == null || apiKey.isBlank());
    }

    /** Local OpenAI-compatible servers often need no key, but LangChain4j's clients insist on one. */
    public String apiKeyOrPlaceholder() {
        return apiKey == null || apiKey.isBlank() ? "none" : apiKey;
    }

    @Override
    public String toString() { // never the key
        return provider.wire() + " at " + baseUrl + " (" + source.name().toLowerCase() + ")";
    }
}
