package io.agentry.knowledge;

import io.agentry.http.ApiException;
import io.agentry.http.JsonInput;
import io.agentry.http.WireEnum;
import io.agentry.http.auth.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code POST /bases/{id}/query}: semantic (cosine similarity of the query's embedding), keyword
 * (full-text rank) or hybrid search, the default: both rankings fused by reciprocal rank
 * fusion, which needs no tuning between two score scales and rewards chunks that both find.
 */
@ApplicationScoped
public class SearchService {

    static final Set<String> FIELDS = Set.of("query", "limit", "mode", "min_score", "filter", "exact");
    static final int DEFAULT_LIMIT = 5;
    static final int MAX_LIMIT = 50;
    static final int MAX_QUERY = 4_000;
    /** Reciprocal rank fusion's constant (the value of the original paper). */
    static final int RRF_K = 60;

    @Inject
    BaseService bases;

    @Inject
    Embedder embedder;

    @Inject
    ChunkIndexes indexes;

    @Resource
    ManagedExecutorService executor;

    public QueryResult query(Caller caller, UUID baseId, JsonInput input) {
        input.allowOnly(FIELDS);
        input.rejectNull("limit");
        String query = input.requiredText("query", MAX_QUERY);
        int limit = input.has("limit") ? input.integer("limit", 1, MAX_LIMIT) : DEFAULT_LIMIT;
        String modeText = input.text("mode", 20);
        SearchMode mode = modeText == null ? SearchMode.HYBRID : WireEnum.parse("mode", SearchMode.class, modeText);
        Double minScore = input.number("min_score", -1, 1);
        MetadataFilter filter = MetadataFilter.parse(input.object("filter", 16_384));
        boolean exact = Boolean.TRUE.equals(input.bool("exact"));
        if (exact && mode == SearchMode.KEYWORD) {
            throw ApiException.invalid("exact", "applies to semantic and hybrid search only");
        }
        if (exact && !filter.isEmpty()) {
            throw ApiException.invalid("exact", "cannot be combined with a filter");
        }
        return search(caller, baseId, query, limit, mode, minScore, filter, exact, new HashMap<>());
    }

    /**
     * A hybrid search on behalf of an agent's knowledge tool: the same ranking as the query API.
     * {@code queryVectors} keeps the query's embedding per model across the bases of one call.
     */
    public QueryResult search(Caller caller, UUID baseId, String query, int limit, Map<EmbeddingSpec, float[]> queryVectors) {
        return search(caller, baseId, query, Math.min(Math.max(limit, 1), MAX_LIMIT), SearchMode.HYBRID, null,
                MetadataFilter.parse(null), false, queryVectors);
    }

    private QueryResult search(Caller caller, UUID baseId, String query, int limit, SearchMode mode, Double minScore,
                               MetadataFilter filter, boolean exact, Map<EmbeddingSpec, float[]> queryVectors) {
        KnowledgeBase base = bases.find(caller, baseId);

        // Each ranking looks deeper than the answer so fusion has overlap to work with.
        int depth = mode == SearchMode.HYBRID ? Math.max(limit * 4, 20) : limit;
        boolean bySimilarity = mode != SearchMode.KEYWORD && base.getEmbeddingDimensions() != null;
        String keywordQuery = mode == SearchMode.SEMANTIC ? null : query;
        ChunkIndex.Rankings rankings = bySimilarity && keywordQuery != null && !queryVectors.containsKey(base.embeddingSpec())
                ? rankWhileEmbedding(base, query, depth, filter, exact, queryVectors)
                : indexes.get().search(base.getId(), bySimilarity ? queryVector(base, query, queryVectors) : null, keywordQuery,
                        depth, filter, exact); // hybrid with a known vector: both rankings in one round trip (PostgreSQL)
        List<ChunkIndex.Hit> ranked = switch (mode) {
            case SEMANTIC -> rankings.semantic();
            case KEYWORD -> rankings.keyword();
            case HYBRID -> fuse(rankings.semantic(), rankings.keyword());
        };
        List<QueryResult.Match> results = new ArrayList<>(limit);
        for (ChunkIndex.Hit hit : ranked) {
            if (results.size() == limit) {
                break;
            }
            if (minScore != null && hit.score() < minScore) {
                continue;
            }
            results.add(new QueryResult.Match(hit.chunkId(), hit.itemId(), hit.title(), hit.ordinal(), hit.content(),
                    round(hit.score()), ItemService.json(hit.metadataJson())));
        }
        return new QueryResult(query, mode.wire(), results);
    }

    /**
     * Hybrid search whose query is still to be embedded: the keyword ranking needs no vector, so
     * it runs on another thread while this one embeds the query (in-process: a few milliseconds
     * of CPU; remote: a network call), then this one runs the vector ranking.
     */
    private ChunkIndex.Rankings rankWhileEmbedding(KnowledgeBase base, String query, int depth, MetadataFilter filter,
                                                   boolean exact, Map<EmbeddingSpec, float[]> queryVectors) {
        ChunkIndex index = indexes.get();
        Future<ChunkIndex.Rankings> keyword;
        try {
            keyword = executor.submit(() -> index.search(base.getId(), null, query, depth, filter, false));
        } catch (RejectedExecutionException e) { // the server is stopping: one thread does both
            return index.search(base.getId(), queryVector(base, query, queryVectors), query, depth, filter, exact);
        }
        List<ChunkIndex.Hit> semantic;
        try {
            semantic = index.search(base.getId(), queryVector(base, query, queryVectors), null, depth, filter, exact).semantic();
        } catch (RuntimeException e) {
            keyword.cancel(false); // its result is not wanted; a statement under way just ends
            throw e;
        }
        try {
            return new ChunkIndex.Rankings(semantic, keyword.get().keyword());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("the search was interrupted: the server is stopping");
        }
    }

    private float[] queryVector(KnowledgeBase base, String query, Map<EmbeddingSpec, float[]> queryVectors) {
        float[] vector = queryVectors.get(base.embeddingSpec());
        if (vector == null) {
            try {
                vector = embedder.embedQuery(base.getOrganizationId(), base.embeddingSpec(), query);
            } catch (EmbeddingException e) {
                throw ApiException.unavailable("the knowledge base's embedding model is not available: " + e.getMessage());
            }
            queryVectors.put(base.embeddingSpec(), vector);
        }
        if (vector.length != base.getEmbeddingDimensions()) {
            throw ApiException.conflict("the embedding model now returns " + vector.length + "-dimensional vectors but the base "
                    + "holds " + base.getEmbeddingDimensions() + "-dimensional ones; re-index it (PATCH the base's embedding_model)");
        }
        return vector;
    }

    /** Reciprocal rank fusion, scaled so that first place in both rankings scores 1. */
    static List<ChunkIndex.Hit> fuse(List<ChunkIndex.Hit> semantic, List<ChunkIndex.Hit> keyword) {
        Map<Long, ChunkIndex.Hit> hits = new HashMap<>();
        Map<Long, Double> fused = new HashMap<>();
        for (List<ChunkIndex.Hit> ranking : List.of(semantic, keyword)) {
            for (int rank = 0; rank < ranking.size(); rank++) {
                ChunkIndex.Hit hit = ranking.get(rank);
                hits.putIfAbsent(hit.chunkId(), hit);
                fused.merge(hit.chunkId(), 1.0 / (RRF_K + rank + 1), Double::sum);
            }
        }
        double best = 2.0 / (RRF_K + 1);
        List<ChunkIndex.Hit> result = new ArrayList<>(hits.size());
        hits.forEach((id, hit) -> result.add(new ChunkIndex.Hit(hit.chunkId(), hit.itemId(), hit.title(), hit.ordinal(),
                hit.content(), hit.metadataJson(), fused.get(id) / best)));
        result.sort(Comparator.comparingDouble(ChunkIndex.Hit::score).reversed().thenComparingLong(ChunkIndex.Hit::chunkId));
        return result;
    }

    private static double round(double score) {
        return Math.round(score * 1_000_000d) / 1_000_000d;
    }
}
