package io.agentry.llm;

import io.agentry.http.WireEnum;

/** LLM providers an agent can use. openai_compatible covers vLLM, LM Studio, llama.cpp, Groq... */
public enum Provider implements WireEnum {
    OPENAI("openai"), ANTHROPIC("anthropic"), OLLAMA("ollama"), OPENAI_COMPATIBLE("openai_compatible");

    private final String wire;

    Provider(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The provider a bare model name implies, for clients (like CrewForm's) that send only a model. */
    public static Provider inferFrom(String model) {
        String m = model.toLowerCase();
        if (m.startsWith("claude")) {
            return ANTHROPIC;
        }
        if (m.contains(":") || m.startsWith("llama") || m.startsWith("mistral") || m.startsWith("qwen")) {
            return OLLAMA;
        }
        return OPENAI;
    }
}
