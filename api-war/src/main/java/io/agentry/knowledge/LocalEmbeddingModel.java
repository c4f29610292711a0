package io.agentry.knowledge;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.embedding.onnx.HuggingFaceTokenCountEstimator;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * The in-process embedding model (all-MiniLM-L6-v2, quantized, 384 dimensions, ONNX): loaded
 * once per server, on first use or by {@link #warmUp()} at start-up. It embeds the segments of a
 * batch in parallel on a fixed pool of server-managed threads, one per core by default and one
 * inference per thread ({@link MiniLmModel}), so concurrent ingestion never oversubscribes the
 * CPU. Its tokenizer also estimates the tokens of texts that remote models embed.
 */
@ApplicationScoped
public class LocalEmbeddingModel {

    public static final String NAME = "all-minilm-l6-v2-q";
    public static final int DIMENSIONS = 384;

    private static final Logger LOG = Logger.getLogger(LocalEmbeddingModel.class.getName());

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    KnowledgeSettings settings;

    private volatile EmbeddingModel model;
    private volatile HuggingFaceTokenCountEstimator tokenizer;
    private volatile ExecutorService pool;
    private volatile String loadFailure;

    public EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m == null) {
            m = load();
        }
        return m;
    }

    /**
     * Embeds one query in the caller's thread. (A session spreading one inference over both
     * cores was slower without spin-waiting: bench/RESULTS.md, run 4.)
     */
    public float[] embedQuery(String text) {
        return model().embed(text).content().vector();
    }

    /**
     * Embeds each text as its own task on the model's threads, keeping the model's token count
     * of each (so chunks are not tokenized a second time just to be counted).
     */
    public List<Embedder.Embedded> embedEach(List<String> texts) {
        EmbeddingModel m = model();
        List<CompletableFuture<Response<Embedding>>> futures = new ArrayList<>(texts.size());
        for (String text : texts) {
            futures.add(CompletableFuture.supplyAsync(() -> m.embed(text), pool));
        }
        List<Embedder.Embedded> result = new ArrayList<>(texts.size());
        for (CompletableFuture<Response<Embedding>> future : futures) {
            Response<Embedding> response = future.join();
            Integer tokens = response.tokenUsage() == null ? null : response.tokenUsage().inputTokenCount();
            result.add(new Embedder.Embedded(response.content().vector(), tokens != null ? tokens : 0));
        }
        return result;
    }

    public int countTokens(String text) {
        HuggingFaceTokenCountEstimator t = tokenizer;
        if (t == null) {
            synchronized (this) {
                if (tokenizer == null) {
                    tokenizer = new HuggingFaceTokenCountEstimator();
                }
                t = tokenizer;
            }
        }
        return t.estimateTokenCountInText(text);
    }

    /** Loads the model ahead of the first request (start-up calls it in the background). */
    public void warmUp() {
        try {
            model().embed("warm-up");
            embedQuery("warm-up");
            countTokens("warm-up");
        } catch (RuntimeException e) {
            LOG.warning(() -> "The in-process embedding model is not available: " + e.getMessage());
        }
    }

    private synchronized EmbeddingModel load() {
        if (model != null) {
            return model;
        }
        if (loadFailure != null) {
            throw new EmbeddingException(loadFailure, false);
        }
        long started = System.nanoTime();
        try {
            pool = Executors.newFixedThreadPool(settings.embeddingThreads(), threadFactory);
            model = new MiniLmModel(pool, 1);
        } catch (Throwable e) { // UnsatisfiedLinkError: native runtime missing or loaded by another class loader
            loadFailure = "the in-process embedding model could not be loaded (" + e + "); "
                    + "restart the server, or configure a remote embedding provider for this base";
            throw new EmbeddingException(loadFailure, false);
        }
        LOG.info(() -> "Loaded the in-process embedding model " + NAME + " in "
                + (System.nanoTime() - started) / 1_000_000 + " ms (" + settings.embeddingThreads() + " threads)");
        return model;
    }

    @PreDestroy
    void stop() {
        ExecutorService p = pool;
        if (p != null) {
            p.shutdownNow();
        }
    }
}
