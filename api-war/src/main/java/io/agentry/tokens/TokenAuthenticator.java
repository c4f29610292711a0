package io.agentry.tokens;

import io.agentry.db.Database;
import io.agentry.http.ApiException;
import io.agentry.http.auth.Caller;
import io.agentry.http.auth.Scopes;
import io.agentry.organizations.Plan;
import io.agentry.organizations.PlanLimits;
import io.agentry.organizations.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Resolves an API token to its {@link Caller}. Verified tokens are cached briefly by hash so a
 * request costs one SHA-256 and a map lookup; revoking or deleting on this instance evicts at
 * once, other instances see it within {@code agentry.auth.cache.seconds} (default 10).
 */
@ApplicationScoped
public class TokenAuthenticator {

    private static final int MAX_ENTRIES = 50_000;
    private static final long NEGATIVE_TTL_NANOS = 2_000_000_000L;

    @Inject
    Database database;

    @Inject
    PlanLimits planLimits;

    @Inject
    @ConfigProperty(name = "agentry.auth.cache.seconds", defaultValue = "10")
    int cacheSeconds;

    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final Map<String, Entry> unknown = new ConcurrentHashMap<>();
    /**
     * Hashes of tokens this instance has verified (the most recent): a client throttled for
     * failed attempts is still looked up with one of them, which may since have left the cache.
     */
    private final Set<String> verifiedBefore = java.util.Collections.newSetFromMap(java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > MAX_ENTRIES;
                }
            }));
    /** Bumped by every eviction: a lookup that raced with one must not put its stale answer back. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    /** A cached verdict: a caller, or null for "no such active token". */
    private record Entry(Caller caller, OffsetDateTime expiresAt, long validUntilNanos) {
    }

    public Caller authenticate(String token) {
        return authenticate(token, () -> { });
    }

    /**
     * As {@link #authenticate(String)}; {@code beforeLookup} runs only when a token this instance
     * never verified must be looked up in the database, and may refuse by throwing.
     */
    public Caller authenticate(String token, Runnable beforeLookup) {
        if (!TokenSecrets.looksLikeToken(token)) {
            throw ApiException.unauthorized("malformed API token");
        }
        String hash = TokenSecrets.hash(token);
        if (PublishedTokens.isPublishedHash(hash)) {
            throw ApiException.unauthorized("this API token's value is public (Agentry's repository holds it) and is "
                    + "never accepted; create a new token");
        }
        long now = System.nanoTime();
        Entry entry = cache.get(hash);
        if (entry == null || now - entry.validUntilNanos() > 0) {
            entry = unknown.get(hash);
        }
        if (entry == null || now - entry.validUntilNanos() > 0) {
            if (!verifiedBefore.contains(hash)) {
                beforeLookup.run();
            }
            long seen = generation.get();
            entry = load(hash, now);
            if (entry.caller() != null) {
                verifiedBefore.add(hash);
            }
            // Unknown credentials get their own bounded map, so a flood of made-up tokens cannot
            // push the real ones out.
            Map<String, Entry> target = entry.caller() == null ? unknown : cache;
            if (target.size() >= MAX_ENTRIES) {
                target.clear();
            }
            if (generation.get() == seen) {
                target.put(hash, entry);
            }
        }
        if (entry.caller() == null) {
            throw ApiException.unauthorized("invalid or revoked API token");
        }
        if (entry.expiresAt() != null && !entry.expiresAt().isAfter(OffsetDateTime.now())) {
            throw ApiException.unauthorized("API token expired");
        }
        return entry.caller();
    }

    private Entry load(String hash, long now) {
        String sql = "select t.id, t.organization_id, t.token_hash, t.scopes, t.status, t.expires_at, t.created_by, "
                + "o.plan, o.rate_limit_per_minute, u.email, u.name, u.system_admin, m.role "
                + "from api_tokens t join organizations o on o.id = t.organization_id "
                + "left join users u on u.id = t.created_by "
                + "left join memberships m on m.organization_id = t.organization_id and m.user_id = t.created_by "
                + "where t.token_hash = ?";
        try (Connection connection = database.unsharedDataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, hash);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next() || !"active".equals(row.getString("status"))
                        || !TokenSecrets.sameHash(hash, row.getString("token_hash"))) {
                    return new Entry(null, null, now + NEGATIVE_TTL_NANOS);
                }
                UUID organizationId = row.getObject("organization_id", UUID.class);
                Integer override = (Integer) row.getObject("rate_limit_per_minute");
                String roleName = row.getString("role");
                Role role = roleName == null ? null : Role.of(roleName);
                Caller caller = new Caller(
                        organizationId,
                        row.getObject("created_by", UUID.class),
                        row.getString("email"),
                        row.getString("name"),
                        role,
                        effectiveScopes(row.getString("scopes"), role, row.getBoolean("system_admin")),
                        row.getObject("id", UUID.class),
                        Caller.Kind.TOKEN,
                        planLimits.requestsPerMinute(Plan.of(row.getString("plan")), override));
                return new Entry(caller, row.getObject("expires_at", OffsetDateTime.class),
                        now + cacheSeconds * 1_000_000_000L);
            }
        } catch (SQLException e) {
            throw ApiException.databaseUnavailable();
        }
    }

    /**
     * A token never grants more than its creator holds now: demoting or removing the person who
     * created an admin token takes its admin right away (the token keeps reading and writing, so
     * integrations survive staff changes), and only a current system administrator's tokens keep
     * the system right.
     */
    static Set<String> effectiveScopes(String stored, Role creatorRole, boolean creatorIsSystemAdmin) {
        Set<String> scopes = new java.util.HashSet<>(Arrays.asList(stored.split(" ")));
        if (creatorRole == null || !creatorRole.isAdmin()) {
            scopes.remove(Scopes.ADMIN);
        }
        if (!creatorIsSystemAdmin) {
            scopes.remove(Scopes.SYSTEM);
        }
        return Set.copyOf(scopes);
    }

    public void evict(String tokenHash) {
        generation.incrementAndGet();
        cache.remove(tokenHash);
    }

    /** Drops every cached token of an organization (its plan or limit changed). */
    public void evictOrganization(UUID organizationId) {
        generation.incrementAndGet();
        cache.values().removeIf(e -> e.caller() != null && e.caller().organizationId().equals(organizationId));
    }
}
