package io.agentry.tasks;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A task of an organization (the CrewForm seed's fields plus times, tokens and cost), as a row of
 * {@code tasks} ({@link TaskStore}); {@code version} guards every update.
 */
public class Task {

    private UUID id;
    private UUID organizationId;
    private String title;
    private String description;
    private String priority;
    private String status;
    private UUID assignedAgentId;
    private UUID assignedTeamId;
    private String result;
    private String error;
    private String metadata;
    private long promptTokens;
    private long completionTokens;
    private BigDecimal costUsd;
    private int attempts;
    private UUID createdBy;
    private UUID tokenId;
    private OffsetDateTime createdAt;
    private OffsetDateTime updatedAt;
    private OffsetDateTime startedAt;
    private OffsetDateTime completedAt;
    private long version;

    /** A row as read. */
    Task(UUID id, UUID organizationId, String title, String description, String priority, String status, UUID assignedAgentId,
         UUID assignedTeamId, String result, String error, String metadata, long promptTokens, long completionTokens,
         BigDecimal costUsd, int attempts, UUID createdBy, UUID tokenId, OffsetDateTime createdAt, OffsetDateTime updatedAt,
         OffsetDateTime startedAt, OffsetDateTime completedAt, long version) {
        this.id = id;
        this.organizationId = organizationId;
        this.title = title;
        this.description = description;
        this.priority = priority;
        this.status = status;
        this.assignedAgentId = assignedAgentId;
        this.assignedTeamId = assignedTeamId;
        this.result = result;
        this.error = error;
        this.metadata = metadata;
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        this.costUsd = costUsd;
        this.attempts = attempts;
        this.createdBy = createdBy;
        this.tokenId = tokenId;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.startedAt = startedAt;
        this.completedAt = completedAt;
        this.version = version;
    }

    Task(UUID id, UUID organizationId, UUID createdBy, UUID tokenId, OffsetDateTime now) {
        this.id = id;
        this.organizationId = organizationId;
        this.createdBy = createdBy;
        this.tokenId = tokenId;
        this.status = TaskStatus.PENDING.wire();
        this.priority = TaskPriority.MEDIUM.wire();
        this.metadata = "{}";
        this.costUsd = BigDecimal.ZERO;
        this.createdAt = now;
        this.updatedAt = now;
        this.version = 1;
    }

    public UUID getId() { return id; }
    public UUID getOrganizationId() { return organizationId; }
    public String getTitle() { return title; }
    public String getDescription() { return description; }
    public TaskPriority getPriority() { return TaskPriority.valueOf(priority.toUpperCase()); }
    public TaskStatus getStatus() { return TaskStatus.valueOf(status.toUpperCase()); }
    public UUID getAssignedAgentId() { return assignedAgentId; }
    public UUID getAssignedTeamId() { return assignedTeamId; }
    public String getResult() { return result; }
    public String getError() { return error; }
    public String getMetadataJson() { return metadata; }
    public long getPromptTokens() { return promptTokens; }
    public long getCompletionTokens() { return completionTokens; }
    public BigDecimal getCostUsd() { return costUsd; }
    public int getAttempts() { return attempts; }
    public UUID getCreatedBy() { return createdBy; }
    public UUID getTokenId() { return tokenId; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }
    public OffsetDateTime getStartedAt() { return startedAt; }
    public OffsetDateTime getCompletedAt() { return completedAt; }
    public long getVersion() { return version; }
    String getPriorityWire() { return priority; }
    String getStatusWire() { return status; }

    /** After a successful update: the row's new version. */
    void updated() {
        version++;
    }

    void setTitle(String title) { this.title = title; }
    void setDescription(String description) { this.description = description; }
    void setPriority(TaskPriority priority) { this.priority = priority.wire(); }
    void setMetadataJson(String metadata) { this.metadata = metadata; }
    void assign(UUID agentId, UUID teamId) {
        this.assignedAgentId = agentId;
        this.assignedTeamId = teamId;
    }

    void touch(OffsetDateTime now) {
        this.updatedAt = now;
    }

    /** Queued for its agent: a fresh run (result and error of an earlier one cleared). */
    void dispatched(OffsetDateTime now) {
        this.status = TaskStatus.DISPATCHED.wire();
        this.result = null;
        this.error = null;
        this.completedAt = null;
        this.updatedAt = now;
    }

    void running(OffsetDateTime now) {
        this.status = TaskStatus.RUNNING.wire();
        this.attempts++;
        if (startedAt == null) {
            startedAt = now;
        }
        this.error = null;
        this.updatedAt = now;
    }

    /** An attempt failed and another follows: back in the queue, the reason visible meanwhile. */
    void retrying(String reason, OffsetDateTime now) {
        this.status = TaskStatus.DISPATCHED.wire();
        this.error = reason;
        this.updatedAt = now;
    }

    void ended(TaskStatus status, String result, String error, OffsetDateTime now) {
        this.status = status.wire();
        this.result = result;
        this.error = error;
        this.completedAt = now;
        this.updatedAt = now;
    }

    void spent(long prompt, long completion, BigDecimal cost) {
        this.promptTokens += prompt;
        this.completionTokens += completion;
        this.costUsd = this.costUsd.add(cost);
    }
}
