package io.agentry.sdk.providers;

import io.agentry.sdk.agents.AgentProvider;
import java.time.OffsetDateTime;

/**
 * How the organization reaches a provider. The key itself is never returned: {@code apiKeySet}
 * says whether calls carry one and {@code apiKeyHint} shows the end of the organization's own.
 */
public record ProviderSettings(
        AgentProvider provider,
        ProviderSource source,
        String baseUrl,
        boolean apiKeySet,
        String apiKeyHint,
        boolean configured,
        String problem,
        OffsetDateTime updatedAt) {
}
