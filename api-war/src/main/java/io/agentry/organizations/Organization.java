package io.agentry.organizations;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A workspace: the unit of isolation, billing plan and rate limit. */
@Entity
@Table(name = "organizations")
public class Organization {

    @Id
    private UUID id;
    private String name;
    private String plan;
    @Column(name = "rate_limit_per_minute")
    private Integer rateLimitPerMinute;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;

    protected Organization() {
    }

    public Organization(UUID id, String name, Plan plan, Integer rateLimitPerMinute, OffsetDateTime now) {
        this.id = id;
        this.name = name;
        this.plan = plan.wire();
        this.rateLimitPerMinute = rateLimitPerMinute;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID getId() { return id; }
    public String getName() { return name; }
    public Plan getPlan() { return Plan.of(plan); }
    public Integer getRateLimitPerMinute() { return rateLimitPerMinute; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }

    public void rename(String name, OffsetDateTime now) { this.name = name; this.updatedAt = now; }
    public void changePlan(Plan plan, OffsetDateTime now) { this.plan = plan.wire(); this.updatedAt = now; }
    public void changeRateLimit(Integer perMinute, OffsetDateTime now) { this.rateLimitPerMinute = perMinute; this.updatedAt = now; }
}
