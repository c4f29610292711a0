package io.agentry.knowledge;

/** Provider, model and (for remote providers, optionally) base URL of an embedding model. */
public record EmbeddingSpec(EmbeddingProvider provider, String model, String baseUrl) {
}
