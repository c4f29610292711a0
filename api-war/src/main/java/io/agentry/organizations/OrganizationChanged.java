package io.agentry.organizations;

import java.util.UUID;

/** Fired when an organization's plan or limits change, so caches drop what they hold of it. */
public record OrganizationChanged(UUID organizationId) {
}
