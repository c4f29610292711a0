package io.agentry.agents;

import io.agentry.llm.Provider;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An agent: a model with a system prompt, tools and knowledge. List-valued fields (tools, tags,
 * knowledge_base_ids) are stored as JSON text so the list query is one portable SELECT.
 * {@link #version} changes with every update (JPA does it for entity changes; a bulk JPQL/SQL
 * update must add {@code version = version + 1} itself): rendered agents are cached by it.
 */
@Entity
@Table(name = "agents")
public class Agent {

    @Id
    private UUID id;
    @Column(name = "organization_id")
    private UUID organizationId;
    private String name;
    private String description;
    private String provider;
    private String model;
    @Column(name = "system_prompt")
    private String systemPrompt;
    private Double temperature;
    @Column(name = "max_tokens")
    private Integer maxTokens;
    private String tools;
    private String tags;
    @Column(name = "knowledge_base_ids")
    private String knowledgeBaseIds;
    private String status;
    @Column(name = "is_marketplace")
    private boolean marketplace;
    @Column(name = "install_count")
    private long installCount;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;
    @Version
    private long version;

    protected Agent() {
    }

    public Agent(UUID id, UUID organizationId, OffsetDateTime now) {
        this.id = id;
        this.organizationId = organizationId;
        this.createdAt = now;
        this.updatedAt = now;
        this.tools = "[]";
        this.tags = "[]";
        this.knowledgeBaseIds = "[]";
        this.status = AgentStatus.IDLE.wire();
    }

    public UUID getId() { return id; }
    public UUID getOrganizationId() { return organizationId; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public String getProvider() { return provider; }
    public String getModel() { return model; }
    public String getSystemPrompt() { return systemPrompt; }
    public Double getTemperature() { return temperature; }
    public Integer getMaxTokens() { return maxTokens; }
    public String getToolsJson() { return tools; }
    public String getTagsJson() { return tags; }
    public String getKnowledgeBaseIdsJson() { return knowledgeBaseIds; }
    public String getStatus() { return status; }
    public boolean isMarketplace() { return marketplace; }
    public long getInstallCount() { return installCount; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }
    public long getVersion() { return version; }

    void setName(String name) { this.name = name; }
    void setDescription(String description) { this.description = description; }
    void setProvider(Provider provider) { this.provider = provider.wire(); }
    void setModel(String model) { this.model = model; }
    void setSystemPrompt(String systemPrompt) { this.systemPrompt = systemPrompt; }
    void setTemperature(Double temperature) { this.temperature = temperature; }
    void setMaxTokens(Integer maxTokens) { this.maxTokens = maxTokens; }
    void setToolsJson(String tools) { this.tools = tools; }
    void setTagsJson(String tags) { this.tags = tags; }
    void setKnowledgeBaseIdsJson(String ids) { this.knowledgeBaseIds = ids; }
    void setStatus(AgentStatus status) { this.status = status.wire(); }
    void setMarketplace(boolean marketplace) { this.marketplace = marketplace; }
    void touch(OffsetDateTime now) { this.updatedAt = now; }
}
