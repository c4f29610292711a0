package io.agentry.organizations;

import io.agentry.db.Jdbc;
import io.agentry.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a JWT caller is in the organization now: a member's role as the organization has it (an
 * admin's demotion takes effect on the person's sessions too), a first-time caller made a member
 * with the role its identity provider claims, a person an admin removed refused (403). Answers
 * are cached for {@code agentry.auth.cache.seconds}, and evicted at once here when the
 * organization's members change.
 */
@ApplicationScoped
public class SessionMembers {

    private static final int MAX_ENTRIES = 50_000;

    @Inject
    Jdbc jdbc;

    @Inject
    UserDirectory users;

    @Inject
    @ConfigProperty(name = "agentry.auth.cache.seconds", defaultValue = "10")
    int cacheSeconds;

    private record Key(UUID organizationId, UUID userId) {
    }

    /** A cached answer: the role, or null for "removed". */
    private record Entry(Role role, long validUntilNanos) {
    }

    private final Map<Key, Entry> cache = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    });

    public Role roleOf(UUID organizationId, UUID userId, String email, String name, Role claimed) {
        Key key = new Key(organizationId, userId);
        long now = System.nanoTime();
        Entry entry = cache.get(key);
        if (entry == null || now - entry.validUntilNanos() > 0) {
            entry = new Entry(lookup(organizationId, userId, email, name, claimed), now + cacheSeconds * 1_000_000_000L);
            cache.put(key, entry);
        }
        if (entry.role() == null) {
            throw ApiException.forbidden("you were removed from this organization; an admin can add you again");
        }
        return entry.role();
    }

    /** Forgets the organization's answers (its members changed here). */
    public void evict(UUID organizationId) {
        synchronized (cache) {
            cache.keySet().removeIf(k -> k.organizationId().equals(organizationId));
        }
    }

    private Role lookup(UUID organizationId, UUID userId, String email, String name, Role claimed) {
        String role = jdbc.one("select role from memberships where organization_id = ? and user_id = ?", rs -> rs.getString(1),
                organizationId, userId);
        if (role != null) {
            return Role.of(role);
        }
        if (jdbc.count("select count(*) from membership_removals where organization_id = ? and user_id = ?", organizationId,
                userId) > 0) {
            return null;
        }
        try {
            return users.provisionMember(organizationId, userId, email, name, claimed);
        } catch (RuntimeException raced) { // another first request of the same person made them a member
            String now = jdbc.one("select role from memberships where organization_id = ? and user_id = ?", rs -> rs.getString(1),
                    organizationId, userId);
            if (now == null) {
                throw raced;
            }
            return Role.of(now);
        }
    }
}
