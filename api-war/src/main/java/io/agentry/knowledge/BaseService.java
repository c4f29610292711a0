package io.agentry.knowledge;

import io.agentry.db.Hints;
import io.agentry.db.Queries;
import io.agentry.db.Times;
import io.agentry.http.ApiException;
import io.agentry.http.JsonInput;
import io.agentry.http.OutboundUrls;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Knowledge bases of an organization: settings, CRUD, and their item/chunk/token counts. */
@ApplicationScoped
public class BaseService {

    static final Set<String> FIELDS = Set.of("name", "description", "embedding_provider", "embedding_model",
            "embedding_base_url", "chunk_size", "chunk_overlap");
    static final int DEFAULT_CHUNK_SIZE = 1000;
    static final int DEFAULT_CHUNK_OVERLAP = 100;

    @PersistenceContext(unitName = "agentry")
    EntityManager em;

    @Inject
    OutboundUrls outboundUrls;

    @Inject
    IngestionQueue ingestion;

    @Inject
    Event<BaseDeleted> deleted;

    @Transactional
    public BaseView create(Caller caller, JsonInput input) {
        input.allowOnly(FIELDS);
        input.rejectNull("embedding_provider", "embedding_model", "chunk_size", "chunk_overlap");
        KnowledgeBase base = new KnowledgeBase(UUID.randomUUID(), caller.organizationId(), Times.now());
        base.setName(input.requiredText("name", 200));
        base.setDescription(input.text("description", 5_000));
        base.setEmbedding(embedding(input, null));
        int size = input.has("chunk_size") ? input.integer("chunk_size", 100, 8000) : DEFAULT_CHUNK_SIZE;
        int overlap = input.has("chunk_overlap") ? input.integer("chunk_overlap", 0, 4000) : Math.min(DEFAULT_CHUNK_OVERLAP, size / 2);
        base.setChunking(size, checkOverlap(size, overlap));
        em.persist(base);
        return view(base, BaseView.StatusCounts.NONE, 0, 0);
    }

    /**
     * Changes what is sent. A new chunking or embedding model re-indexes every item of the base
     * (the old chunks stay searchable until each item's new ones replace them).
     */
    @Transactional
    public BaseView update(Caller caller, UUID id, JsonInput input) {
        input.allowOnly(FIELDS);
        input.rejectNull("name", "embedding_provider", "embedding_model", "chunk_size", "chunk_overlap");
        KnowledgeBase base = find(caller, id);
        if (input.has("name")) {
            base.setName(input.requiredText("name", 200));
        }
        if (input.has("description")) {
            base.setDescription(input.text("description", 5_000));
        }
        EmbeddingSpec oldSpec = base.embeddingSpec();
        EmbeddingSpec newSpec = input.has("embedding_provider") || input.has("embedding_model") || input.has("embedding_base_url")
                ? embedding(input, oldSpec) : oldSpec;
        int size = input.has("chunk_size") ? input.integer("chunk_size", 100, 8000) : base.getChunkSize();
        int overlap = input.has("chunk_overlap") ? input.integer("chunk_overlap", 0, 4000)
                : Math.min(base.getChunkOverlap(), size / 2);
        checkOverlap(size, overlap);
        boolean newModel = !newSpec.equals(oldSpec);
        boolean reindex = newModel || size != base.getChunkSize() || overlap != base.getChunkOverlap();
        base.setEmbedding(newSpec);
        base.setChunking(size, overlap);
        base.touch(Times.now());
        if (newModel) {
            base.setEmbeddingDimensions(null);
        }
        em.flush();
        if (reindex) {
            int requeued = em.createQuery(KnowledgeItem.REQUEUE_BASE).setParameter("base", base.getId()).executeUpdate();
            if (requeued > 0) {
                ingestion.queueBase(base.getOrganizationId(), base.getId());
            }
        }
        return view(base);
    }

    public BaseView get(Caller caller, UUID id) {
        return view(find(caller, id));
    }

    public Page<BaseView> list(Caller caller, PageRequest page) {
        StringBuilder jpql = new StringBuilder("select b from KnowledgeBase b where b.organizationId = :org");
        String keyset = page.keysetCondition("b");
        if (keyset != null) {
            jpql.append(" and ").append(keyset);
        }
        jpql.append(" order by b.createdAt desc, b.id desc");
        TypedQuery<KnowledgeBase> query = Queries.prepared(em, jpql.toString(), KnowledgeBase.class)
                .setParameter("org", caller.organizationId())
                .setHint(Hints.READ_ONLY, true)
                .setMaxResults(page.limit() + 1);
        page.bind(query);
        List<KnowledgeBase> rows = query.getResultList();
        Map<UUID, Counts> counts = counts(rows.stream().map(KnowledgeBase::getId).toList());
        return page.page(rows, KnowledgeBase::getCreatedAt, KnowledgeBase::getId,
                b -> counts.getOrDefault(b.getId(), Counts.EMPTY).view(b));
    }

    @Transactional
    public void delete(Caller caller, UUID id) {
        // Items, files and chunks go with it (foreign keys cascade in the database).
        em.remove(find(caller, id));
        deleted.fire(new BaseDeleted(id));
    }

    /** The caller's base, or 404 (whether it does not exist or belongs to someone else). */
    KnowledgeBase find(Caller caller, UUID id) {
        KnowledgeBase base = em.find(KnowledgeBase.class, id);
        if (base == null || !base.getOrganizationId().equals(caller.organizationId())) {
            throw ApiException.notFound("knowledge base not found");
        }
        return base;
    }

    private EmbeddingSpec embedding(JsonInput input, EmbeddingSpec current) {
        EmbeddingProvider provider = input.has("embedding_provider")
                ? input.enumValue("embedding_provider", EmbeddingProvider.class)
                : current == null ? EmbeddingProvider.LOCAL : current.provider();
        boolean providerChanged = current == null || provider != current.provider();
        String model = input.has("embedding_model") ? input.requiredText("embedding_model", 200)
                : providerChanged ? provider.defaultModel() : current.model();
        String baseUrl = input.has("embedding_base_url") ? input.text("embedding_base_url", 2000)
                : providerChanged ? null : current.baseUrl();
        if (provider == EmbeddingProvider.LOCAL) {
            if (!model.equals(LocalEmbeddingModel.NAME)) {
                throw ApiException.invalid("embedding_model", "the local provider has one model: " + LocalEmbeddingModel.NAME);
            }
            if (baseUrl != null) {
                throw ApiException.invalid("embedding_base_url", "is only for the openai and ollama providers");
            }
        } else if (baseUrl != null) {
            baseUrl = outboundUrls.check("embedding_base_url", baseUrl);
        }
        return new EmbeddingSpec(provider, model, baseUrl);
    }

    private static int checkOverlap(int size, int overlap) {
        if (overlap * 2 > size) {
            throw ApiException.invalid("chunk_overlap", "must be at most half of chunk_size (" + size / 2 + ")");
        }
        return overlap;
    }

    BaseView view(KnowledgeBase base) {
        return counts(List.of(base.getId())).getOrDefault(base.getId(), Counts.EMPTY).view(base);
    }

    private static BaseView view(KnowledgeBase b, BaseView.StatusCounts items, long chunks, long tokens) {
        return new BaseView(b.getId(), b.getOrganizationId(), b.getName(), b.getDescription(),
                b.getEmbeddingProvider().wire(), b.getEmbeddingModel(), b.getEmbeddingBaseUrl(), b.getEmbeddingDimensions(),
                b.getChunkSize(), b.getChunkOverlap(), items.pending() + items.processing() + items.ready() + items.failed(),
                chunks, tokens, items, b.getCreatedAt(), b.getUpdatedAt());
    }

    /** Per-base tallies of items by status, and of the chunks and tokens of ready items. */
    private record Counts(long pending, long processing, long ready, long failed, long chunks, long tokens) {
        static final Counts EMPTY = new Counts(0, 0, 0, 0, 0, 0);

        Counts plus(String status, long n, long chunkCount, long tokenCount) {
            return switch (status) {
                case "pending" -> new Counts(pending + n, processing, ready, failed, chunks, tokens);
                case "processing" -> new Counts(pending, processing + n, ready, failed, chunks, tokens);
                case "ready" -> new Counts(pending, processing, ready + n, failed, chunks + chunkCount, tokens + tokenCount);
                default -> new Counts(pending, processing, ready, failed + n, chunks, tokens);
            };
        }

        BaseView view(KnowledgeBase base) {
            return BaseService.view(base, new BaseView.StatusCounts(pending, processing, ready, failed), chunks, tokens);
        }
    }

    private Map<UUID, Counts> counts(List<UUID> baseIds) {
        Map<UUID, Counts> counts = new HashMap<>();
        if (baseIds.isEmpty()) {
            return counts;
        }
        List<Object[]> rows = em.createQuery("select i.baseId, i.status, count(i), sum(i.chunkCount), sum(i.tokenCount) "
                        + "from KnowledgeItem i where i.baseId in :ids group by i.baseId, i.status", Object[].class)
                .setParameter("ids", baseIds)
                .getResultList();
        for (Object[] row : rows) {
            UUID base = (UUID) row[0];
            counts.put(base, counts.getOrDefault(base, Counts.EMPTY).plus((String) row[1], ((Number) row[2]).longValue(),
                    row[3] == null ? 0 : ((Number) row[3]).longValue(), row[4] == null ? 0 : ((Number) row[4]).longValue()));
        }
        return counts;
    }
}
