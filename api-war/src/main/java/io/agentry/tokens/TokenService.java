package io.agentry.tokens;

import io.agentry.db.Queries;
import io.agentry.db.Times;
import io.agentry.http.ApiException;
import io.agentry.http.JsonInput;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.auth.Caller;
import io.agentry.http.auth.Scopes;
import io.agentry.organizations.User;
import io.agentry.organizations.UserDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Creating, listing, revoking and deleting an organization's API tokens (admins and owners only). */
@ApplicationScoped
public class TokenService {

    static final Set<String> CREATE_FIELDS = Set.of("name", "scopes", "expires_at", "key_prefix");
    static final Set<String> UPDATE_FIELDS = Set.of("name", "status");

    @PersistenceContext(unitName = "agentry")
    EntityManager em;

    @Inject
    TokenUsageRecorder usage;

    @Inject
    UserDirectory users;

    @Inject
    Event<TokenChanged> changes;

    @Transactional
    public TokenView create(Caller caller, JsonInput input) {
        caller.requireAdmin("create API tokens");
        input.allowOnly(CREATE_FIELDS);
        String name = input.requiredText("name", 200);
        List<String> requested = input.textList("scopes", 20, 40, null, null);
        List<String> scopes = requested == null ? Scopes.MEMBER_DEFAULT : Scopes.parse("scopes", requested);
        if (scopes.contains(Scopes.SYSTEM) && !caller.isSystemAdmin()) {
            throw ApiException.forbidden("only system administrators may grant the 'system' scope");
        }
        OffsetDateTime expiresAt = input.timestamp("expires_at");
        OffsetDateTime now = Times.now();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ApiException.invalid("expires_at", "must be in the future");
        }
        KeyPrefix prefix = input.enumValue("key_prefix", KeyPrefix.class);
        return issue(caller.organizationId(), users.ensureUser(caller), name, scopes, expiresAt,
                TokenSecrets.generate(prefix == null ? KeyPrefix.PK : prefix));
    }

    /** Stores a new token for a known secret (also used at bootstrap and for new organizations' owners). */
    @Transactional(Transactional.TxType.MANDATORY)
    public TokenView issue(UUID organizationId, UUID createdBy, String name, List<String> scopes,
                           OffsetDateTime expiresAt, String secret) {
        ApiToken token = new ApiToken(UUID.randomUUID(), organizationId, name, TokenSecrets.hash(secret),
                TokenSecrets.displayPrefix(secret), scopes, createdBy, Times.now(),
                expiresAt == null ? null : expiresAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        em.persist(token);
        return view(token, createdBy == null ? null : em.find(User.class, createdBy), secret);
    }

    /** Whether a token with this secret is stored (in any state). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean isStored(String secret) {
        return !em.createQuery("select t.id from ApiToken t where t.tokenHash = :hash", UUID.class)
                .setParameter("hash", TokenSecrets.hash(secret)).getResultList().isEmpty();
    }

    /**
     * Revokes every active token whose value is published ({@link PublishedTokens}) and returns
     * them. Rows are locked first, so instances starting together revoke each token once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ApiToken> revokePublished() {
        List<ApiToken> found = em.createQuery("select t from ApiToken t where t.tokenHash in :hashes and t.status = 'active'",
                        ApiToken.class)
                .setParameter("hashes", PublishedTokens.hashes())
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        OffsetDateTime now = Times.now();
        for (ApiToken token : found) {
            token.revoke(now);
            changes.fire(new TokenChanged(token.getTokenHash()));
        }
        return found;
    }

    /**
     * Offboarding: revokes every active token {@code userId} created in the organization (a
     * removed or demoted member's integrations stop at once here, within the auth cache time on
     * other instances). Returns how many.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int revokeCreatedBy(UUID organizationId, UUID userId) {
        List<ApiToken> found = em.createQuery("select t from ApiToken t where t.organizationId = :org and t.createdBy = :user "
                        + "and t.status = 'active'", ApiToken.class)
                .setParameter("org", organizationId).setParameter("user", userId)
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        OffsetDateTime now = Times.now();
        for (ApiToken token : found) {
            token.revoke(now);
            changes.fire(new TokenChanged(token.getTokenHash()));
        }
        return found.size();
    }

    @Transactional
    public Page<TokenView> list(Caller caller, PageRequest page, String status) {
        caller.requireAdmin("list API tokens");
        usage.flush();
        StringBuilder jpql = new StringBuilder("select t from ApiToken t where t.organizationId = :org");
        if (status != null) {
            if (!status.equals("active") && !status.equals("revoked")) {
                throw ApiException.invalid("status", "must be active or revoked");
            }
            jpql.append(" and t.status = :status");
        }
        String keyset = page.keysetCondition("t");
        if (keyset != null) {
            jpql.append(" and ").append(keyset);
        }
        jpql.append(" order by t.createdAt desc, t.id desc");
        TypedQuery<ApiToken> query = Queries.prepared(em, jpql.toString(), ApiToken.class)
                .setParameter("org", caller.organizationId())
                .setMaxResults(page.limit() + 1);
        if (status != null) {
            query.setParameter("status", status);
        }
        page.bind(query);
        List<ApiToken> rows = query.getResultList();
        Map<UUID, User> creators = creators(rows);
        return page.page(rows, ApiToken::getCreatedAt, ApiToken::getId,
                t -> view(t, creators.get(t.getCreatedBy()), null));
    }

    @Transactional
    public TokenView get(Caller caller, UUID id) {
        caller.requireAdmin("read API tokens");
        usage.flush();
        ApiToken token = find(caller, id);
        return view(token, creator(token), null);
    }

    @Transactional
    public TokenView update(Caller caller, UUID id, JsonInput input) {
        caller.requireAdmin("change API tokens");
        input.allowOnly(UPDATE_FIELDS);
        input.rejectNull("name", "status");
        ApiToken token = find(caller, id);
        String name = input.has("name") ? input.requiredText("name", 200) : null;
        String status = input.text("status", 20);
        if (status != null && !status.equals("active") && !status.equals("revoked")) {
            throw ApiException.invalid("status", "must be active or revoked");
        }
        if ("active".equals(status) && !token.isActive()) {
            throw ApiException.conflict("revoked tokens cannot be reactivated; create a new token");
        }
        if (name != null) {
            token.rename(name);
        }
        if ("revoked".equals(status) && token.isActive()) {
            token.revoke(Times.now());
            changes.fire(new TokenChanged(token.getTokenHash()));
        }
        return view(token, creator(token), null);
    }

    /** Revocation is final: the record stays, with its counters and history. */
    @Transactional
    public TokenView revoke(Caller caller, UUID id) {
        caller.requireAdmin("revoke API tokens");
        usage.flush();
        ApiToken token = find(caller, id);
        token.revoke(Times.now());
        changes.fire(new TokenChanged(token.getTokenHash()));
        return view(token, creator(token), null);
    }

    @Transactional
    public void delete(Caller caller, UUID id) {
        caller.requireAdmin("delete API tokens");
        ApiToken token = find(caller, id);
        em.remove(token);
        changes.fire(new TokenChanged(token.getTokenHash()));
    }

    private ApiToken find(Caller caller, UUID id) {
        ApiToken token = em.find(ApiToken.class, id);
        if (token == null || !token.getOrganizationId().equals(caller.organizationId())) {
            throw ApiException.notFound("API token not found");
        }
        return token;
    }

    private User creator(ApiToken token) {
        return token.getCreatedBy() == null ? null : em.find(User.class, token.getCreatedBy());
    }

    private Map<UUID, User> creators(List<ApiToken> tokens) {
        Set<UUID> ids = tokens.stream().map(ApiToken::getCreatedBy).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        if (ids.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("select u from User u where u.id in :ids", User.class).setParameter("ids", ids)
                .getResultStream().collect(Collectors.toMap(User::getId, Function.identity()));
    }

    static TokenView view(ApiToken t, User creator, String secret) {
        String status = t.isActive() && t.getExpiresAt() != null && !t.getExpiresAt().isAfter(Times.now())
                ? "expired" : t.getStatus();
        return new TokenView(t.getId(), t.getName(), t.getPrefix(), status, t.getScopes(), t.getCreatedAt(),
                creator == null ? null : new TokenView.CreatedBy(creator.getId(), creator.getEmail(), creator.getName()),
                t.getExpiresAt(), t.getRevokedAt(), t.getLastUsedAt(), t.getCallCount(), secret);
    }
}
