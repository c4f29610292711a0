package io.agentry.organizations;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A person. System administrators may create organizations and change plans. */
@Entity
@Table(name = "users")
public class User {

    @Id
    private UUID id;
    private String email;
    private String name;
    @Column(name = "system_admin")
    private boolean systemAdmin;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;

    protected User() {
    }

    public User(UUID id, String email, String name, boolean systemAdmin, OffsetDateTime now) {
        this.id = id;
        this.email = email;
        this.name = name;
        this.systemAdmin = systemAdmin;
        this.createdAt = now;
    }

    public UUID getId() { return id; }
    public String getEmail() { return email; }
    public String getName() { return name; }
    public boolean isSystemAdmin() { return systemAdmin; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
}
