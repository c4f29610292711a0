package io.agentry.conversations;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One message of a conversation: the user's, or the assistant's reply (complete, failed with the
 * reason, or cancelled when the client left mid-stream). JSON columns hold tool calls,
 * citations, attachments and metadata as rendered.
 */
@Entity
@Table(name = "messages")
public class Message {

    @Id
    private UUID id;
    @Column(name = "organization_id")
    private UUID organizationId;
    @Column(name = "conversation_id")
    private UUID conversationId;
    private String role;
    private String content;
    private String status;
    private String error;
    @Column(name = "tool_calls")
    private String toolCalls;
    private String citations;
    private String attachments;
    private String metadata;
    private String provider;
    private String model;
    @Column(name = "prompt_tokens")
    private Integer promptTokens;
    @Column(name = "completion_tokens")
    private Integer completionTokens;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;

    protected Message() {
    }

    public Message(UUID id, UUID organizationId, UUID conversationId, MessageRole role, String content, OffsetDateTime now) {
        this.id = id;
        this.organizationId = organizationId;
        this.conversationId = conversationId;
        this.role = role.wire();
        this.content = content;
        this.status = MessageStatus.COMPLETE.wire();
        this.toolCalls = "[]";
        this.citations = "[]";
        this.attachments = "[]";
        this.metadata = "{}";
        this.createdAt = now;
    }

    public UUID getId() { return id; }
    public UUID getOrganizationId() { return organizationId; }
    public UUID getConversationId() { return conversationId; }
    public String getRole() { return role; }
    public String getContent() { return content; }
    public String getStatus() { return status; }
    public String getError() { return error; }
    public String getToolCallsJson() { return toolCalls; }
    public String getCitationsJson() { return citations; }
    public String getAttachmentsJson() { return attachments; }
    public String getMetadataJson() { return metadata; }
    public String getProvider() { return provider; }
    public String getModel() { return model; }
    public Integer getPromptTokens() { return promptTokens; }
    public Integer getCompletionTokens() { return completionTokens; }
    public OffsetDateTime getCreatedAt() { return createdAt; }

    public void setStatus(MessageStatus status, String error) {
        this.status = status.wire();
        this.error = error;
    }

    public void setToolCallsJson(String json) { this.toolCalls = json; }
    public void setCitationsJson(String json) { this.citations = json; }
    public void setAttachmentsJson(String json) { this.attachments = json; }
    public void setMetadataJson(String json) { this.metadata = json; }

    public void setModelUsage(String provider, String model, Integer promptTokens, Integer completionTokens) {
        this.provider = provider;
        this.model = model;
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
    }
}
