package io.agentry.knowledge;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.agentry.agents.Provider;
import io.agentry.llm.LlmSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Turns texts into vectors with a base's embedding model: the in-process model, or an OpenAI- or
 * Ollama-compatible server through LangChain4j (one client per distinct provider/model/URL).
 */
@ApplicationScoped
public class Embedder {

    @Inject
    LocalEmbeddingModel local;

    @Inject
    KnowledgeSettings settings;

    @Inject
    LlmSettings llm;

    private final Map<EmbeddingSpec, EmbeddingModel> remote = new ConcurrentHashMap<>();

    /** A vector and the tokens its text counted. */
    public record Embedded(float[] vector, int tokens) {
    }

    /** Vectors for texts, with their token counts (the model's own, or the default tokenizer's estimate). */
    public List<Embedded> embedWithTokens(EmbeddingSpec spec, List<String> texts) {
        if (spec.provider() == EmbeddingProvider.LOCAL) {
            return locally(() -> local.embedEach(texts));
        }
        List<float[]> vectors = embed(spec, texts);
        List<Embedded> result = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            result.add(new Embedded(vectors.get(i), local.countTokens(texts.get(i))));
        }
        return result;
    }

    public List<float[]> embed(EmbeddingSpec spec, List<String> texts) {
        EmbeddingModel model = model(spec);
        List<TextSegment> segments = new ArrayList<>(texts.size());
        texts.forEach(t -> segments.add(TextSegment.from(t)));
        List<Embedding> embeddings;
        try {
            embeddings = model.embedAll(segments).content();
        } catch (EmbeddingException e) {
            throw e;
        } catch (RuntimeException e) {
            // A remote server may be down or overloaded for a while; the in-process model fails for good.
            throw new EmbeddingException(spec.provider().wire() + " embedding failed: " + rootMessage(e),
                    spec.provider() != EmbeddingProvider.LOCAL, e);
        }
        if (embeddings == null || embeddings.size() != texts.size()) {
            throw new EmbeddingException("the embedding model returned " + (embeddings == null ? 0 : embeddings.size())
                    + " vectors for " + texts.size() + " texts", false);
        }
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        for (Embedding e : embeddings) {
            float[] v = e.vector();
            if (v == null || v.length == 0 || v.length > 16_000) {
                throw new EmbeddingException("the embedding model returned a vector of unusable length "
                        + (v == null ? 0 : v.length), false);
            }
            vectors.add(v);
        }
        return vectors;
    }

    public float[] embedQuery(EmbeddingSpec spec, String text) {
        if (spec.provider() == EmbeddingProvider.LOCAL) {
            return locally(() -> local.embedQuery(text));
        }
        return embed(spec, List.of(text)).get(0);
    }

    /** The in-process model fails for good (nothing to wait for), with its reason. */
    private static <T> T locally(Supplier<T> call) {
        try {
            return call.get();
        } catch (EmbeddingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EmbeddingException("local embedding failed: " + rootMessage(e), false, e);
        }
    }

    private EmbeddingModel model(EmbeddingSpec spec) {
        return switch (spec.provider()) {
            case LOCAL -> local.model();
            case OPENAI, OLLAMA -> remote.computeIfAbsent(spec, this::remoteModel);
        };
    }

    private EmbeddingModel remoteModel(EmbeddingSpec spec) {
        Duration timeout = Duration.ofSeconds(settings.embeddingTimeoutSeconds());
        if (spec.provider() == EmbeddingProvider.OPENAI) {
            LlmSettings.Endpoint openAi = llm.endpoint(Provider.OPENAI);
            return OpenAiEmbeddingModel.builder()
                    .baseUrl(spec.baseUrl() != null ? spec.baseUrl() : openAi.baseUrl())
                    .apiKey(openAi.apiKeyOrPlaceholder())
                    .modelName(spec.model())
                    .timeout(timeout)
                    .maxRetries(1) // our own retry is the item's next attempt
                    .build();
        }
        return OllamaEmbeddingModel.builder()
                .baseUrl(spec.baseUrl() != null ? spec.baseUrl() : llm.endpoint(Provider.OLLAMA).baseUrl())
                .modelName(spec.model())
                .timeout(timeout)
                .maxRetries(1)
                .build();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
