package io.agentry.conversations;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A conversation with one agent; its messages are {@link Message} rows. */
@Entity
@Table(name = "conversations")
public class Conversation {

    @Id
    private UUID id;
    @Column(name = "organization_id")
    private UUID organizationId;
    @Column(name = "agent_id")
    private UUID agentId;
    private String title;
    private String status;
    private String metadata;
    @Column(name = "message_count")
    private int messageCount;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;
    @Version
    private long version;

    protected Conversation() {
    }

    public Conversation(UUID id, UUID organizationId, UUID agentId, String title, OffsetDateTime now) {
        this.id = id;
        this.organizationId = organizationId;
        this.agentId = agentId;
        this.title = title;
        this.status = ConversationStatus.OPEN.wire();
        this.metadata = "{}";
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID getId() { return id; }
    public UUID getOrganizationId() { return organizationId; }
    public UUID getAgentId() { return agentId; }
    public String getTitle() { return title; }
    public String getStatus() { return status; }
    public String getMetadataJson() { return metadata; }
    public int getMessageCount() { return messageCount; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }

    public void setTitle(String title) { this.title = title; }
    public void setStatus(ConversationStatus status) { this.status = status.wire(); }
    public void setMetadataJson(String metadata) { this.metadata = metadata; }

    public void messagesAdded(int count, OffsetDateTime now) {
        this.messageCount += count;
        this.updatedAt = now;
    }

    public void touch(OffsetDateTime now) {
        this.updatedAt = now;
    }
}
