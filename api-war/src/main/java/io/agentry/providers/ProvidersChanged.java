package io.agentry.providers;

import java.util.UUID;

/** An organization's provider settings changed: cached endpoints must be read again once it commits. */
public record ProvidersChanged(UUID organizationId) {
}
