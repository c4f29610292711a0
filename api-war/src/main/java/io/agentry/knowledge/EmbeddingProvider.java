package io.agentry.knowledge;

import io.agentry.http.WireEnum;

/** Where a base's vectors come from. */
public enum EmbeddingProvider implements WireEnum {
    /** In-process ONNX model: no network, no key. */
    LOCAL(LocalEmbeddingModel.NAME),
    /** The OpenAI embeddings API or any server speaking it (vLLM, LM Studio, llama.cpp...). */
    OPENAI("text-embedding-3-small"),
    /** An Ollama server's embed API. */
    OLLAMA("nomic-embed-text");

    private final String defaultModel;

    EmbeddingProvider(String defaultModel) {
        this.defaultModel = defaultModel;
    }

    public String defaultModel() {
        return defaultModel;
    }

    @Override
    public String wire() {
        return name().toLowerCase();
    }
}
