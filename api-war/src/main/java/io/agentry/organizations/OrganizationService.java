package io.agentry.organizations;

import io.agentry.db.Queries;
import io.agentry.db.Times;
import io.agentry.http.ApiException;
import io.agentry.http.JsonInput;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.auth.Caller;
import io.agentry.http.auth.Scopes;
import io.agentry.tokens.TokenSecrets;
import io.agentry.tokens.TokenService;
import io.agentry.tokens.TokenView;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Organizations and their members. System administrators create organizations and set plans;
 * an organization's admins and owners rename it and manage its members.
 */
@ApplicationScoped
public class OrganizationService {

    private static final Set<String> CREATE_FIELDS = Set.of("name", "plan", "rate_limit_per_minute", "owner_email", "owner_name");
    private static final Set<String> UPDATE_FIELDS = Set.of("name", "plan", "rate_limit_per_minute");
    private static final Set<String> MEMBER_FIELDS = Set.of("email", "name", "role");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    @PersistenceContext(unitName = "agentry")
    EntityManager em;

    @Inject
    PlanLimits planLimits;

    @Inject
    TokenService tokens;

    @Inject
    Event<OrganizationChanged> changes;

    @Transactional
    public CreatedOrganization create(Caller caller, JsonInput input) {
        caller.requireSystemAdmin("create organizations");
        input.allowOnly(CREATE_FIELDS);
        String name = input.requiredText("name", 200);
        Plan plan = input.has("plan") ? input.enumValue("plan", Plan.class) : Plan.FREE;
        Integer limit = input.integer("rate_limit_per_minute", 1, 10_000_000);
        String ownerEmail = email(input, "owner_email");
        String ownerName = input.text("owner_name", 200);
        return createWithOwner(name, plan == null ? Plan.FREE : plan, limit, ownerEmail, ownerName, false,
                TokenSecrets.generate(), List.of(Scopes.ADMIN, Scopes.READ, Scopes.WRITE), "owner token");
    }

    /** Creates an organization, its owner and the owner's first token (also used by the bootstrap). */
    @Transactional(Transactional.TxType.MANDATORY)
    public CreatedOrganization createWithOwner(String name, Plan plan, Integer rateLimit, String ownerEmail,
                                               String ownerName, boolean ownerIsSystemAdmin, String secret,
                                               List<String> scopes, String tokenName) {
        OffsetDateTime now = Times.now();
        Organization organization = new Organization(UUID.randomUUID(), name, plan, rateLimit, now);
        em.persist(organization);
        User owner = ownerEmail == null ? null : findUserByEmail(ownerEmail);
        if (owner == null) {
            owner = new User(UUID.randomUUID(), ownerEmail, ownerName, ownerIsSystemAdmin, now);
            em.persist(owner);
        }
        em.flush(); // no JPA relationships: make the insert order explicit for the foreign keys
        Membership membership = new Membership(organization.getId(), owner.getId(), Role.OWNER, now);
        em.persist(membership);
        em.flush();
        TokenView token = tokens.issue(organization.getId(), owner.getId(), tokenName, scopes, null, secret);
        return new CreatedOrganization(view(organization), memberView(membership, owner), token);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<OrganizationView> list(Caller caller, PageRequest page) {
        StringBuilder jpql = new StringBuilder("select o from Organization o where 1 = 1");
        if (!caller.isSystemAdmin()) {
            jpql.append(" and o.id = :own");
        }
        String keyset = page.keysetCondition("o");
        if (keyset != null) {
            jpql.append(" and ").append(keyset);
        }
        jpql.append(" order by o.createdAt desc, o.id desc");
        TypedQuery<Organization> query = Queries.prepared(em, jpql.toString(), Organization.class).setMaxResults(page.limit() + 1);
        if (!caller.isSystemAdmin()) {
            query.setParameter("own", caller.organizationId());
        }
        page.bind(query);
        return page.page(query.getResultList(), Organization::getCreatedAt, Organization::getId, this::view);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public OrganizationView get(Caller caller, UUID id) {
        return view(visible(caller, id));
    }

    @Transactional
    public OrganizationView update(Caller caller, UUID id, JsonInput input) {
        input.allowOnly(UPDATE_FIELDS);
        input.rejectNull("name", "plan");
        Organization organization = visible(caller, id);
        OffsetDateTime now = Times.now();
        if (input.has("plan") || input.has("rate_limit_per_minute")) {
            caller.requireSystemAdmin("change plans and rate limits");
        } else {
            caller.requireAdmin("rename the organization");
        }
        if (input.has("name")) {
            organization.rename(input.requiredText("name", 200), now);
        }
        if (input.has("plan")) {
            organization.changePlan(input.enumValue("plan", Plan.class), now);
        }
        if (input.has("rate_limit_per_minute")) {
            organization.changeRateLimit(input.integer("rate_limit_per_minute", 1, 10_000_000), now);
        }
        changes.fire(new OrganizationChanged(id));
        return view(organization);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<MemberView> members(Caller caller, UUID organizationId, PageRequest page) {
        visible(caller, organizationId);
        StringBuilder jpql = new StringBuilder("select m from Membership m where m.organizationId = :org");
        String keyset = page.keysetCondition("m", "userId");
        if (keyset != null) {
            jpql.append(" and ").append(keyset);
        }
        jpql.append(" order by m.createdAt desc, m.userId desc");
        TypedQuery<Membership> query = Queries.prepared(em, jpql.toString(), Membership.class)
                .setParameter("org", organizationId).setMaxResults(page.limit() + 1);
        page.bind(query);
        List<Membership> rows = query.getResultList();
        Map<UUID, User> people = rows.isEmpty() ? Map.of()
                : em.createQuery("select u from User u where u.id in :ids", User.class)
                .setParameter("ids", rows.stream().map(Membership::getUserId).toList())
                .getResultStream().collect(Collectors.toMap(User::getId, Function.identity()));
        return page.page(rows, Membership::getCreatedAt, Membership::getUserId,
                m -> memberView(m, people.get(m.getUserId())));
    }

    @Transactional
    public MemberView addMember(Caller caller, UUID organizationId, JsonInput input) {
        visible(caller, organizationId);
        caller.requireAdmin("add members");
        input.allowOnly(MEMBER_FIELDS);
        String email = email(input, "email");
        if (email == null) {
            throw ApiException.invalid("email", "is required");
        }
        Role role = input.has("role") ? input.enumValue("role", Role.class) : Role.MEMBER;
        requireMayGrant(caller, role);
        User user = findUserByEmail(email);
        OffsetDateTime now = Times.now();
        if (user == null) {
            user = new User(UUID.randomUUID(), email, input.text("name", 200), false, now);
            em.persist(user);
            em.flush();
        } else if (em.find(Membership.class, new Membership.Key(organizationId, user.getId())) != null) {
            throw ApiException.conflict("this person is already a member");
        }
        Membership membership = new Membership(organizationId, user.getId(), role == null ? Role.MEMBER : role, now);
        em.persist(membership);
        em.createNativeQuery("delete from membership_removals where organization_id = ? and user_id = ?")
                .setParameter(1, organizationId).setParameter(2, user.getId()).executeUpdate();
        changes.fire(new OrganizationChanged(organizationId));
        return memberView(membership, user);
    }

    @Transactional
    public MemberView changeRole(Caller caller, UUID organizationId, UUID userId, JsonInput input) {
        visible(caller, organizationId);
        caller.requireAdmin("change member roles");
        input.allowOnly(Set.of("role"));
        Role role = input.enumValue("role", Role.class);
        if (role == null) {
            throw ApiException.invalid("role", "is required");
        }
        Membership membership = membership(organizationId, userId);
        requireMayGrant(caller, role);
        requireMayGrant(caller, membership.getRole());
        if (membership.getRole() == Role.OWNER && role != Role.OWNER) {
            requireAnotherOwner(organizationId);
        }
        if (role.compareTo(membership.getRole()) > 0) { // demoted (OWNER, ADMIN, MEMBER in order of rights)
            tokens.revokeCreatedBy(organizationId, userId); // made with rights they no longer have
        }
        membership.changeRole(role);
        changes.fire(new OrganizationChanged(organizationId)); // the member's tokens lose or gain admin now
        return memberView(membership, em.find(User.class, userId));
    }

    @Transactional
    public void removeMember(Caller caller, UUID organizationId, UUID userId) {
        visible(caller, organizationId);
        caller.requireAdmin("remove members");
        Membership membership = membership(organizationId, userId);
        requireMayGrant(caller, membership.getRole());
        if (membership.getRole() == Role.OWNER) {
            requireAnotherOwner(organizationId);
        }
        em.remove(membership);
        tokens.revokeCreatedBy(organizationId, userId); // offboarding: nothing they set up keeps working
        // and their identity provider's sessions do not make them a member again
        em.createNativeQuery("insert into membership_removals (organization_id, user_id, removed_at) values (?, ?, ?)")
                .setParameter(1, organizationId).setParameter(2, userId).setParameter(3, Times.now()).executeUpdate();
        changes.fire(new OrganizationChanged(organizationId));
    }

    /** Only owners make or unmake owners. */
    private static void requireMayGrant(Caller caller, Role role) {
        if (role == Role.OWNER && caller.role() != Role.OWNER && !caller.isSystemAdmin()) {
            throw ApiException.forbidden("only owners may grant or change the owner role");
        }
    }

    private void requireAnotherOwner(UUID organizationId) {
        // Serialises concurrent owner changes, so two owners cannot demote each other at once.
        em.find(Organization.class, organizationId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        long owners = em.createQuery("select count(m) from Membership m where m.organizationId = :org and m.role = 'owner'", Long.class)
                .setParameter("org", organizationId).getSingleResult();
        if (owners <= 1) {
            throw ApiException.conflict("an organization must keep at least one owner");
        }
    }

    private Membership membership(UUID organizationId, UUID userId) {
        Membership membership = em.find(Membership.class, new Membership.Key(organizationId, userId));
        if (membership == null) {
            throw ApiException.notFound("member not found");
        }
        return membership;
    }

    /** The caller's own organization, or any for a system administrator; others are "not found". */
    private Organization visible(Caller caller, UUID id) {
        if (!caller.organizationId().equals(id) && !caller.isSystemAdmin()) {
            throw ApiException.notFound("organization not found");
        }
        Organization organization = em.find(Organization.class, id);
        if (organization == null) {
            throw ApiException.notFound("organization not found");
        }
        return organization;
    }

    private User findUserByEmail(String email) {
        return em.createQuery("select u from User u where u.email = :email", User.class)
                .setParameter("email", email).getResultStream().findFirst().orElse(null);
    }

    private static String email(JsonInput input, String field) {
        String email = input.text(field, 320);
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw ApiException.invalid(field, "must be an email address");
        }
        return email == null ? null : email.toLowerCase();
    }

    OrganizationView view(Organization o) {
        return new OrganizationView(o.getId(), o.getName(), o.getPlan().wire(), o.getRateLimitPerMinute(),
                planLimits.requestsPerMinute(o.getPlan(), o.getRateLimitPerMinute()), o.getCreatedAt(), o.getUpdatedAt());
    }

    static MemberView memberView(Membership m, User u) {
        return new MemberView(m.getUserId(), u == null ? null : u.getEmail(), u == null ? null : u.getName(),
                m.getRole().wire(), m.getCreatedAt());
    }
}
