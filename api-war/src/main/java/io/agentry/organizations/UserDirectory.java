package io.agentry.organizations;

import io.agentry.db.Times;
import io.agentry.http.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** People records. JWT users are provisioned on first need (their identity provider vouches for them). */
@ApplicationScoped
public class UserDirectory {

    @PersistenceContext(unitName = "agentry")
    EntityManager em;

    /** The caller's user id, creating the user row for a first-time JWT user. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID ensureUser(Caller caller) {
        if (caller.userId() == null) {
            return null;
        }
        if (em.find(User.class, caller.userId()) == null) {
            // Emails are unique: keep the JWT's unless another person already has it.
            String email = caller.email() == null ? null : caller.email().toLowerCase();
            if (email != null && !em.createQuery("select u.id from User u where u.email = :email", UUID.class)
                    .setParameter("email", email).getResultList().isEmpty()) {
                email = null;
            }
            em.persist(new User(caller.userId(), email, caller.displayName(), false, Times.now()));
            em.flush();
            if (caller.role() != null && em.find(Membership.class, new Membership.Key(caller.organizationId(), caller.userId())) == null) {
                em.persist(new Membership(caller.organizationId(), caller.userId(), caller.role(), Times.now()));
            }
            em.flush();
        }
        return caller.userId();
    }

    /**
     * A first-time JWT caller becomes a member with the role its identity provider claims (and a
     * user, if new); the role the organization has for them when a concurrent request did it first.
     */
    @Transactional
    public Role provisionMember(UUID organizationId, UUID userId, String email, String name, Role claimed) {
        if (em.find(User.class, userId) == null) {
            String unique = email == null ? null : email.toLowerCase();
            if (unique != null && !em.createQuery("select u.id from User u where u.email = :email", UUID.class)
                    .setParameter("email", unique).getResultList().isEmpty()) {
                unique = null;
            }
            em.persist(new User(userId, unique, name, false, Times.now()));
            em.flush(); // the user before the membership that references it
        }
        Membership existing = em.find(Membership.class, new Membership.Key(organizationId, userId));
        if (existing != null) {
            return existing.getRole();
        }
        em.persist(new Membership(organizationId, userId, claimed, Times.now()));
        return claimed;
    }
}
