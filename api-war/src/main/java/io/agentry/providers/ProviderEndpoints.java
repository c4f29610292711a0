package io.agentry.providers;

import io.agentry.llm.Provider;
import io.agentry.llm.LlmSettings;
import io.agentry.llm.ProviderEndpoint;
import io.agentry.llm.ProviderFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import io.agentry.db.Database;
import io.agentry.http.ApiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where an organization's calls to a provider go: its own settings if it has any, else the
 * server's. Read per organization at most every few seconds (other instances see a change
 * within that time; this one at once), with the key opened and the base URL checked again at
 * each read, since a host may come to resolve somewhere it must not. Reads use their own
 * connection outside any transaction: chat resolves while it holds a transaction's connection,
 * and a second one from the same pool per request would let a burst of chats starve the pool.
 */
@ApplicationScoped
public class ProviderEndpoints {

    private static final long TTL_NANOS = 5_000_000_000L;

    @Inject
    ProviderService service;

    @Inject
    LlmSettings settings;

    @Inject
    Database database;

    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    /** An organization's own settings as last read; one caller refreshes them while the others keep using them. */
    private static final class Cached {
        final Map<Provider, ProviderService.Opened> own;
        final long validUntil;
        final AtomicBoolean refreshing = new AtomicBoolean();

        Cached(Map<Provider, ProviderService.Opened> own, long validUntil) {
            this.own = own;
            this.validUntil = validUntil;
        }
    }

    /** The organization's endpoints, read now if not cached; call it outside transactions. */
    public Resolver of(UUID organizationId) {
        Cached cached = cache.get(organizationId);
        if (cached == null) {
            cached = cache.computeIfAbsent(organizationId, this::load);
        } else if (System.nanoTime() - cached.validUntil > 0 && cached.refreshing.compareAndSet(false, true)) {
            Cached stale = cached;
            try {
                cached = load(organizationId);
                cache.replace(organizationId, stale, cached); // not over an eviction that came meanwhile
            } catch (RuntimeException e) {
                stale.refreshing.set(false);
                throw e;
            }
        }
        Map<Provider, ProviderService.Opened> own = cached.own;
        return provider -> resolve(own, provider);
    }

    /** Throws {@link ProviderFailure} (NOT_CONFIGURED) if the organization's own settings are unusable. */
    public ProviderEndpoint resolve(UUID organizationId, Provider provider) {
        return of(organizationId).resolve(provider);
    }

    /** Endpoints of one organization, already read: resolving touches no database. */
    @FunctionalInterface
    public interface Resolver {
        ProviderEndpoint resolve(Provider provider);
    }

    private ProviderEndpoint resolve(Map<Provider, ProviderService.Opened> own, Provider provider) {
        ProviderService.Opened opened = own.get(provider);
        if (opened == null) {
            return settings.endpoint(provider);
        }
        if (opened.problem() != null) {
            throw new ProviderFailure(ProviderFailure.Kind.NOT_CONFIGURED, null, "the organization's settings for "
                    + provider.wire() + " cannot be used: " + opened.problem(), null);
        }
        return opened.endpoint();
    }

    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProvidersChanged event) {
        cache.remove(event.organizationId());
    }

    private Cached load(UUID organizationId) {
        Map<Provider, ProviderService.Opened> own = new EnumMap<>(Provider.class);
        try (Connection connection = database.unsharedDataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select provider, base_url, api_key_sealed from provider_credentials where organization_id = ?")) {
            query.setObject(1, organizationId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    Provider provider = ProviderService.provider(row.getString(1));
                    own.put(provider, service.open(organizationId, provider, row.getString(2), row.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw ApiException.databaseUnavailable();
        }
        return new Cached(own, System.nanoTime() + TTL_NANOS);
    }
}
