package io.agentry.sdk.organizations;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A person's membership of an organization. {@code createdAt}: when they joined. */
public record Member(UUID userId, String email, String name, Role role, OffsetDateTime createdAt) {
}
