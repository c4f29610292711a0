package io.agentry.knowledge;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A knowledge base: how its items are chunked and embedded. Items and chunks go with it. */
@Entity
@Table(name = "knowledge_bases")
public class KnowledgeBase {

    @Id
    private UUID id;
    @Column(name = "organization_id")
    private UUID organizationId;
    private String name;
    private String description;
    @Column(name = "embedding_provider")
    private String embeddingProvider;
    @Column(name = "embedding_model")
    private String embeddingModel;
    @Column(name = "embedding_base_url")
    private String embeddingBaseUrl;
    @Column(name = "embedding_dimensions")
    private Integer embeddingDimensions;
    @Column(name = "chunk_size")
    private int chunkSize;
    @Column(name = "chunk_overlap")
    private int chunkOverlap;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;
    @Version
    private long version;

    protected KnowledgeBase() {
    }

    KnowledgeBase(UUID id, UUID organizationId, OffsetDateTime now) {
        this.id = id;
        this.organizationId = organizationId;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID getId() { return id; }
    public UUID getOrganizationId() { return organizationId; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public EmbeddingProvider getEmbeddingProvider() { return EmbeddingProvider.valueOf(embeddingProvider.toUpperCase()); }
    public String getEmbeddingModel() { return embeddingModel; }
    public String getEmbeddingBaseUrl() { return embeddingBaseUrl; }
    public Integer getEmbeddingDimensions() { return embeddingDimensions; }
    public int getChunkSize() { return chunkSize; }
    public int getChunkOverlap() { return chunkOverlap; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }
    public long getVersion() { return version; }

    /** What the vectors of this base are made with; items are re-indexed when it changes. */
    public EmbeddingSpec embeddingSpec() {
        return new EmbeddingSpec(getEmbeddingProvider(), embeddingModel, embeddingBaseUrl);
    }

    void setName(String name) { this.name = name; }
    void setDescription(String description) { this.description = description; }
    void setEmbedding(EmbeddingSpec spec) {
        this.embeddingProvider = spec.provider().wire();
        this.embeddingModel = spec.model();
        this.embeddingBaseUrl = spec.baseUrl();
    }
    void setEmbeddingDimensions(Integer dimensions) { this.embeddingDimensions = dimensions; }
    void setChunking(int size, int overlap) {
        this.chunkSize = size;
        this.chunkOverlap = overlap;
    }
    void touch(OffsetDateTime now) { this.updatedAt = now; }
}
