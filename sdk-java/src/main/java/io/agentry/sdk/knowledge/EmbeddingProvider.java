package io.agentry.sdk.knowledge;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Who embeds a base's chunks: the server itself (LOCAL, no network), or an OpenAI or Ollama endpoint. */
public enum EmbeddingProvider {
    @JsonProperty("local") LOCAL,
    @JsonProperty("openai") OPENAI,
    @JsonProperty("ollama") OLLAMA,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
