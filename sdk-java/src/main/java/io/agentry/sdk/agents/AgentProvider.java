package io.agentry.sdk.agents;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The LLM provider an agent calls. {@code OPENAI_COMPATIBLE}: vLLM, LM Studio, llama.cpp, Groq... */
public enum AgentProvider {
    @JsonProperty("openai") OPENAI,
    @JsonProperty("anthropic") ANTHROPIC,
    @JsonProperty("ollama") OLLAMA,
    @JsonProperty("openai_compatible") OPENAI_COMPATIBLE,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
