package io.agentry.knowledge;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.agentry.llm.LlmClients;
import io.agentry.llm.Provider;
import io.agentry.llm.ProviderEndpoint;
import io.agentry.llm.ProviderFailure;
import io.agentry.providers.ProviderEndpoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    ProviderEndpoints endpoints;

    @Inject
    LlmClients llmClients;

    /**
     * A remote model as called: the base's spec, where it is sent and with which key, and whether
     * an organization named that server (then its addresses are checked at every connect).
     */
    private record Remote(EmbeddingSpec spec, String baseUrl, String apiKey, boolean tenantChosen) {
    }

    private static final int MAX_REMOTE_MODELS = 500;

    private final Map<Remote, EmbeddingModel> remote = new ConcurrentHashMap<>();

    /** A vector and the tokens its text counted. */
    public record Embedded(float[] vector, int tokens) {
    }

    /** Vectors for texts, with their token counts (the model's own, or the default tokenizer's estimate). */
    public List<Embedded> embedWithTokens(UUID organizationId, EmbeddingSpec spec, List<String> texts) {
        if (spec.provider() == EmbeddingProvider.LOCAL) {
            return locally(() -> local.embedEach(texts));
        }
        List<float[]> vectors = embed(organizationId, spec, texts);
        List<Embedded> result = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            result.add(new Embedded(vectors.get(i), local.countTokens(texts.get(i))));
        }
        return result;
    }

    public List<float[]> embed(UUID organizationId, EmbeddingSpec spec, List<String> texts) {
        EmbeddingModel model;
        try {
            model = model(organizationId, spec);
        } catch (ProviderFailure e) {
            throw new EmbeddingException(e.getMessage(), false, e);
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        texts.forEach(t -> segments.add(TextSegment.from(t)));
        List<Embedding> embeddings;
        try {
            embeddings = model.embedAll(segments).content();
        } catch (EmbeddingException e) {
            throw e;
        } catch (RuntimeException e) {
            // A remote server may be down or overloaded for a while, unless it refused the request.
            // What it said stays in the log: the server may be one the organization named.
            ProviderFailure failure = ProviderFailure.of(provider(spec), e);
            throw new EmbeddingException(spec.provider().wire() + " embedding failed: " + failure.getMessage(),
                    failure.retriable() || failure.kind() == ProviderFailure.Kind.TIMEOUT, e);
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

    public float[] embedQuery(UUID organizationId, EmbeddingSpec spec, String text) {
        if (spec.provider() == EmbeddingProvider.LOCAL) {
            return locally(() -> local.embedQuery(text));
        }
        return embed(organizationId, spec, List.of(text)).get(0);
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

    private EmbeddingModel model(UUID organizationId, EmbeddingSpec spec) {
        if (spec.provider() == EmbeddingProvider.LOCAL) {
            return local.model();
        }
        Remote target = target(organizationId, spec);
        if (remote.size() >= MAX_REMOTE_MODELS) {
            remote.clear();
        }
        return remote.computeIfAbsent(target, this::remoteModel);
    }

    /**
     * The organization's (or else the server's) endpoint for the provider. A base with a base URL of
     * its own gets the key only if that is the URL the key was configured for: keys travel to no
     * other host.
     */
    private Remote target(UUID organizationId, EmbeddingSpec spec) {
        ProviderEndpoint endpoint;
        try {
            endpoint = endpoints.resolve(organizationId, provider(spec));
        } catch (ProviderFailure unusable) { // the organization's settings; a base with its own URL does not need them
            if (spec.baseUrl() == null) {
                throw unusable;
            }
            return new Remote(spec, spec.baseUrl(), null, true);
        }
        if (spec.baseUrl() == null || sameUrl(spec.baseUrl(), endpoint.baseUrl())) {
            return new Remote(spec, endpoint.baseUrl(), endpoint.apiKey(), endpoint.source() == ProviderEndpoint.Source.ORGANIZATION_URL);
        }
        return new Remote(spec, spec.baseUrl(), null, true);
    }

    private static Provider provider(EmbeddingSpec spec) {
        return spec.provider() == EmbeddingProvider.OPENAI ? Provider.OPENAI : Provider.OLLAMA;
    }

    private static boolean sameUrl(String a, String b) {
        return strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private EmbeddingModel remoteModel(Remote target) {
        Duration timeout = Duration.ofSeconds(settings.embeddingTimeoutSeconds());
        if (target.spec().provider() == EmbeddingProvider.OPENAI) {
            return OpenAiEmbeddingModel.builder()
                    .httpClientBuilder(llmClients.transport(timeout, target.tenantChosen()))
                    .baseUrl(target.baseUrl())
                    .apiKey(target.apiKey() == null ? "none" : target.apiKey())
                    .modelName(target.spec().model())
                    .timeout(timeout)
                    .maxRetries(1) // our own retry is the item's next attempt
                    .build();
        }
        return OllamaEmbeddingModel.builder()
                .httpClientBuilder(llmClients.transport(timeout, target.tenantChosen()))
                .baseUrl(target.baseUrl())
                .modelName(target.spec().model())
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
