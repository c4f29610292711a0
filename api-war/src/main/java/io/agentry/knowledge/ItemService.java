package io.agentry.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.db.Hints;
import io.agentry.db.Queries;
import io.agentry.db.Times;
import io.agentry.http.ApiException;
import io.agentry.http.JsonInput;
import io.agentry.http.Page;
import io.agentry.http.StoredJson;
import io.agentry.http.PageRequest;
import io.agentry.http.WireEnum;
import io.agentry.http.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.Set;
import java.util.UUID;

/**
 * Items of a base: text, FAQ pairs and uploaded files. Creating or editing one queues it for
 * ingestion (status pending) and returns at once; its ingestion job ({@link IngestionHandler}) does the rest.
 */
@ApplicationScoped
public class ItemService {

    static final Set<String> FIELDS = Set.of("kind", "type", "title", "content", "question", "answer", "metadata", "source");
    static final int MAX_TEXT = 1_000_000;
    static final int MAX_METADATA = 16_384;

    @PersistenceContext(unitName = "agentry")
    EntityManager em;

    @Inject
    BaseService bases;

    @Inject
    IngestionQueue ingestion;

    /** A file as uploaded: name, media type, type recognised and content. */
    public record Upload(String fileName, String mediaType, FileType type, byte[] data) {
    }

    @Transactional
    public ItemView create(Caller caller, UUID baseId, JsonInput input) {
        input.allowOnly(FIELDS);
        input.rejectNull("title", "content", "question", "answer", "metadata");
        KnowledgeBase base = bases.find(caller, baseId);
        ItemKind kind = kind(input);
        if (kind == ItemKind.TEXT) {
            rejectFields(input, "text", "question", "answer");
        } else if (kind == ItemKind.FAQ) {
            rejectFields(input, "faq", "content");
        }
        KnowledgeItem item = new KnowledgeItem(UUID.randomUUID(), caller.organizationId(), base.getId(), kind, Times.now());
        switch (kind) {
            case TEXT -> {
                item.setContent(requiredContent(input, "content"));
                item.setTitle(input.has("title") ? input.requiredText("title", 500) : firstLine(item.getContent()));
            }
            case FAQ -> {
                item.setFaq(input.requiredText("question", 10_000), requiredContent(input, "answer"));
                item.setTitle(input.has("title") ? input.requiredText("title", 500) : firstLine(item.getQuestion()));
            }
            case FILE -> throw ApiException.invalid("kind", "file items are uploaded as multipart/form-data with a 'file' part");
        }
        applyCommon(item, input);
        em.persist(item);
        ingestion.queue(item.getOrganizationId(), item.getId());
        return view(item, true);
    }

    @Transactional
    public ItemView upload(Caller caller, UUID baseId, Upload upload, String title, JsonObject metadata, String source) {
        KnowledgeBase base = bases.find(caller, baseId);
        KnowledgeItem item = new KnowledgeItem(UUID.randomUUID(), caller.organizationId(), base.getId(), ItemKind.FILE, Times.now());
        item.setFile(upload.fileName(), upload.type().mediaType(), upload.data().length);
        item.setTitle(title != null ? title : upload.fileName());
        if (metadata != null) {
            item.setMetadataJson(metadata.toString());
        }
        item.setSource(source);
        em.persist(item);
        em.flush(); // the item row before its file row
        em.persist(new ItemFile(item.getId(), upload.data()));
        ingestion.queue(item.getOrganizationId(), item.getId());
        return view(item, true);
    }

    /** Changes what is sent and re-indexes the item (title and metadata are part of its chunks). */
    @Transactional
    public ItemView update(Caller caller, UUID baseId, UUID id, JsonInput input) {
        input.allowOnly(FIELDS);
        input.rejectNull("title", "content", "question", "answer", "metadata");
        KnowledgeItem item = find(caller, baseId, id);
        if (input.has("kind") || input.has("type")) {
            String field = input.has("kind") ? "kind" : "type";
            if (kind(input) != item.getKind()) {
                throw ApiException.invalid(field, "an item's kind cannot change (create a new item)");
            }
        }
        switch (item.getKind()) {
            case TEXT -> {
                rejectFields(input, "text", "question", "answer");
                if (input.has("content")) {
                    item.setContent(requiredContent(input, "content"));
                }
            }
            case FAQ -> {
                rejectFields(input, "faq", "content");
                item.setFaq(input.has("question") ? input.requiredText("question", 10_000) : item.getQuestion(),
                        input.has("answer") ? requiredContent(input, "answer") : item.getAnswer());
            }
            case FILE -> rejectFields(input, "file (upload a new file to change the content)", "content", "question", "answer");
        }
        if (input.has("title")) {
            item.setTitle(input.requiredText("title", 500));
        }
        applyCommon(item, input);
        item.requeue(Times.now());
        ingestion.queue(item.getOrganizationId(), item.getId());
        return view(item, true);
    }

    public ItemView get(Caller caller, UUID baseId, UUID id) {
        return view(find(caller, baseId, id), true);
    }

    public Page<ItemView> list(Caller caller, UUID baseId, PageRequest page, String status) {
        bases.find(caller, baseId);
        StringBuilder jpql = new StringBuilder("select i from KnowledgeItem i where i.baseId = :base and i.organizationId = :org");
        if (status != null) {
            jpql.append(" and i.status = :status");
        }
        String keyset = page.keysetCondition("i");
        if (keyset != null) {
            jpql.append(" and ").append(keyset);
        }
        jpql.append(" order by i.createdAt desc, i.id desc");
        TypedQuery<KnowledgeItem> query = Queries.prepared(em, jpql.toString(), KnowledgeItem.class)
                .setParameter("base", baseId)
                .setParameter("org", caller.organizationId())
                .setHint(Hints.READ_ONLY, true)
                .setMaxResults(page.limit() + 1);
        if (status != null) {
            query.setParameter("status", WireEnum.parse("status", ItemStatus.class, status).wire());
        }
        page.bind(query);
        return page.page(query.getResultList(), KnowledgeItem::getCreatedAt, KnowledgeItem::getId, i -> view(i, false));
    }

    @Transactional
    public void delete(Caller caller, UUID baseId, UUID id) {
        // Its chunks and file go with it (foreign keys cascade in the database).
        em.remove(find(caller, baseId, id));
        ingestion.forget(id);
    }

    private KnowledgeItem find(Caller caller, UUID baseId, UUID id) {
        bases.find(caller, baseId);
        KnowledgeItem item = em.find(KnowledgeItem.class, id);
        if (item == null || !item.getBaseId().equals(baseId) || !item.getOrganizationId().equals(caller.organizationId())) {
            throw ApiException.notFound("item not found in this knowledge base");
        }
        return item;
    }

    private static ItemKind kind(JsonInput input) {
        if (input.has("kind") && input.has("type")) {
            throw ApiException.invalid("type", "send kind or type (its alias), not both");
        }
        String field = input.has("type") ? "type" : "kind";
        if (input.has(field)) {
            input.rejectNull(field);
            return input.enumValue(field, ItemKind.class);
        }
        return input.has("question") || input.has("answer") ? ItemKind.FAQ : ItemKind.TEXT;
    }

    private static void applyCommon(KnowledgeItem item, JsonInput input) {
        if (input.has("metadata")) {
            item.setMetadataJson(input.object("metadata", MAX_METADATA).toString());
        }
        if (input.has("source")) {
            item.setSource(input.text("source", 2000));
        }
    }

    private static void rejectFields(JsonInput input, String kind, String... fields) {
        for (String field : fields) {
            if (input.has(field)) {
                throw ApiException.invalid(field, "is not a field of " + kind + " items");
            }
        }
    }

    private static String requiredContent(JsonInput input, String field) {
        if (!input.has(field) || input.raw(field) == null || input.raw(field).getValueType() == jakarta.json.JsonValue.ValueType.NULL) {
            throw ApiException.invalid(field, "is required");
        }
        String text = input.text(field, MAX_TEXT);
        if (text.isBlank()) {
            throw ApiException.invalid(field, "must not be blank");
        }
        return text;
    }

    /** A default title: the text's first line, shortened to a word boundary. */
    static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("").strip();
        if (line.length() <= 80) {
            return line.isEmpty() ? "Untitled" : line;
        }
        int cut = line.lastIndexOf(' ', 80);
        return line.substring(0, cut > 40 ? cut : 80) + "...";
    }

    static ItemView view(KnowledgeItem i, boolean withContent) {
        return new ItemView(i.getId(), i.getBaseId(), i.getKind().wire(), i.getTitle(), withContent ? i.getContent() : null,
                i.getQuestion(), i.getAnswer(), i.getFileName(), i.getMediaType(), i.getFileSize(), json(i.getMetadataJson()),
                i.getSource(), i.getStatus().wire(), i.getError(), i.getChunkCount(), i.getTokenCount(), i.getIndexedAt(),
                i.getCreatedAt(), i.getUpdatedAt());
    }

    static JsonNode json(String text) {
        return StoredJson.tree(text, "{}");
    }
}
