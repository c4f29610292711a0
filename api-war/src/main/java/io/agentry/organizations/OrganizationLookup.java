package io.agentry.organizations;

import io.agentry.db.Database;
import io.agentry.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The request budget of an organization, cached for a few seconds (JWT callers read it per request). */
@ApplicationScoped
public class OrganizationLookup {

    private static final long TTL_NANOS = 5_000_000_000L;

    @Inject
    Database database;

    @Inject
    PlanLimits planLimits;

    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    public record Budget(Plan plan, int requestsPerMinute) {
    }

    private record Cached(Optional<Budget> budget, long validUntil) {
    }

    public Optional<Budget> budget(UUID organizationId) {
        long now = System.nanoTime();
        Cached cached = cache.get(organizationId);
        if (cached == null || now - cached.validUntil() > 0) {
            cached = new Cached(load(organizationId), now + TTL_NANOS);
            cache.put(organizationId, cached);
        }
        return cached.budget();
    }

    public void evict(UUID organizationId) {
        cache.remove(organizationId);
    }

    private Optional<Budget> load(UUID organizationId) {
        try (Connection connection = database.unsharedDataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select plan, rate_limit_per_minute from organizations where id = ?")) {
            query.setObject(1, organizationId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Plan plan = Plan.of(row.getString(1));
                return Optional.of(new Budget(plan, planLimits.requestsPerMinute(plan, (Integer) row.getObject(2))));
            }
        } catch (SQLException e) {
            throw ApiException.databaseUnavailable();
        }
    }
}
