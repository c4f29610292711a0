package io.agentry.providers;

import io.agentry.agents.Provider;
import io.agentry.llm.LlmSettings;
import io.agentry.llm.ProviderEndpoint;
import io.agentry.llm.ProviderFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where an organization's calls to a provider go: its own settings if it has any, else the
 * server's. Read per organization at most every few seconds (other instances see a change
 * within that time; this one at once), with the key opened and the base URL checked again at
 * each read, since a host may come to resolve somewhere it must not.
 */
@ApplicationScoped
public class ProviderEndpoints {

    private static final long TTL_NANOS = 5_000_000_000L;

    @Inject
    ProviderService service;

    @Inject
    LlmSettings settings;

    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Map<Provider, ProviderService.Opened> own, long validUntil) {
    }

    /** Throws {@link ProviderFailure} (NOT_CONFIGURED) if the organization's own settings are unusable. */
    public ProviderEndpoint resolve(UUID organizationId, Provider provider) {
        long now = System.nanoTime();
        Cached cached = cache.get(organizationId);
        if (cached == null || now - cached.validUntil() > 0) {
            cached = new Cached(load(organizationId), now + TTL_NANOS);
            cache.put(organizationId, cached);
        }
        ProviderService.Opened own = cached.own().get(provider);
        if (own == null) {
            return settings.endpoint(provider);
        }
        if (own.problem() != null) {
            throw new ProviderFailure(ProviderFailure.Kind.NOT_CONFIGURED, null, "the organization's settings for "
                    + provider.wire() + " cannot be used: " + own.problem(), null);
        }
        return own.endpoint();
    }

    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProvidersChanged event) {
        cache.remove(event.organizationId());
    }

    private Map<Provider, ProviderService.Opened> load(UUID organizationId) {
        Map<Provider, ProviderService.Opened> own = new EnumMap<>(Provider.class);
        for (ProviderCredential c : service.stored(organizationId)) {
            Provider provider = ProviderService.provider(c.getProvider());
            own.put(provider, service.open(provider, c));
        }
        return own;
    }
}
