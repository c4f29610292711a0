package io.agentry.organizations;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/** A person's role in one organization. */
@Entity
@Table(name = "memberships")
@IdClass(Membership.Key.class)
public class Membership {

    @Id
    @Column(name = "organization_id")
    private UUID organizationId;
    @Id
    @Column(name = "user_id")
    private UUID userId;
    private String role;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;

    protected Membership() {
    }

    public Membership(UUID organizationId, UUID userId, Role role, OffsetDateTime now) {
        this.organizationId = organizationId;
        this.userId = userId;
        this.role = role.wire();
        this.createdAt = now;
    }

    public UUID getOrganizationId() { return organizationId; }
    public UUID getUserId() { return userId; }
    public Role getRole() { return Role.of(role); }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void changeRole(Role role) { this.role = role.wire(); }

    public static class Key implements Serializable {
        private UUID organizationId;
        private UUID userId;

        public Key() {
        }

        public Key(UUID organizationId, UUID userId) {
            this.organizationId = organizationId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(organizationId, k.organizationId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(organizationId, userId);
        }
    }
}
