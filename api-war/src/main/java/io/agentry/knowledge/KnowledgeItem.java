package io.agentry.knowledge;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An item of a base. The API changes it through JPA; the ingestion worker changes its status
 * columns with plain SQL (see {@link IngestionStore}). There is no optimistic-lock version: a
 * PATCH always wins over a worker (it starts a new {@link #getRevision() revision}), and the
 * worker's conditional updates make sure it never overwrites one.
 */
@Entity
@Table(name = "knowledge_items")
public class KnowledgeItem {

    @Id
    private UUID id;
    @Column(name = "organization_id")
    private UUID organizationId;
    @Column(name = "base_id")
    private UUID baseId;
    private String kind;
    private String title;
    private String content;
    private String question;
    private String answer;
    @Column(name = "file_name")
    private String fileName;
    @Column(name = "media_type")
    private String mediaType;
    @Column(name = "file_size")
    private Long fileSize;
    private String metadata;
    private String source;
    private String status;
    private String error;
    @Column(name = "chunk_count")
    private int chunkCount;
    @Column(name = "token_count")
    private long tokenCount;
    private int revision;
    @Column(name = "indexed_at")
    private OffsetDateTime indexedAt;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;

    protected KnowledgeItem() {
    }

    KnowledgeItem(UUID id, UUID organizationId, UUID baseId, ItemKind kind, OffsetDateTime now) {
        this.id = id;
        this.organizationId = organizationId;
        this.baseId = baseId;
        this.kind = kind.wire();
        this.metadata = "{}";
        this.status = ItemStatus.PENDING.wire();
        this.revision = 1;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID getId() { return id; }
    public UUID getOrganizationId() { return organizationId; }
    public UUID getBaseId() { return baseId; }
    public ItemKind getKind() { return ItemKind.valueOf(kind.toUpperCase()); }
    public String getTitle() { return title; }
    public String getContent() { return content; }
    public String getQuestion() { return question; }
    public String getAnswer() { return answer; }
    public String getFileName() { return fileName; }
    public String getMediaType() { return mediaType; }
    public Long getFileSize() { return fileSize; }
    public String getMetadataJson() { return metadata; }
    public String getSource() { return source; }
    public ItemStatus getStatus() { return ItemStatus.valueOf(status.toUpperCase()); }
    public String getError() { return error; }
    public int getChunkCount() { return chunkCount; }
    public long getTokenCount() { return tokenCount; }
    public int getRevision() { return revision; }
    public OffsetDateTime getIndexedAt() { return indexedAt; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }

    void setTitle(String title) { this.title = title; }
    void setContent(String content) { this.content = content; }
    void setFaq(String question, String answer) {
        this.question = question;
        this.answer = answer;
    }
    void setFile(String fileName, String mediaType, long size) {
        this.fileName = fileName;
        this.mediaType = mediaType;
        this.fileSize = size;
    }
    void setMetadataJson(String metadata) { this.metadata = metadata; }
    void setSource(String source) { this.source = source; }

    /** {@link #requeue} for every item of a base at once (parameter: base). */
    static final String REQUEUE_BASE = "update KnowledgeItem i set i.status = 'pending', i.error = null, "
            + "i.revision = i.revision + 1 where i.baseId = :base";

    /** Marks the item for (re-)indexing: a new revision, pending. */
    void requeue(OffsetDateTime now) {
        this.status = ItemStatus.PENDING.wire();
        this.error = null;
        this.revision++;
        this.updatedAt = now;
    }
}
