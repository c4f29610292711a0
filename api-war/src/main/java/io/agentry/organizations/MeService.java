package io.agentry.organizations;

import io.agentry.http.ApiException;
import io.agentry.http.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

@ApplicationScoped
public class MeService {

    @PersistenceContext(unitName = "agentry")
    EntityManager em;

    @Inject
    OrganizationService organizations;

    @Transactional(Transactional.TxType.SUPPORTS)
    public MeView describe(Caller caller, int apiVersion) {
        Organization organization = em.find(Organization.class, caller.organizationId());
        if (organization == null) {
            throw ApiException.unauthorized("the credential's organization no longer exists");
        }
        User user = caller.userId() == null ? null : em.find(User.class, caller.userId());
        String email = user != null && user.getEmail() != null ? user.getEmail() : caller.email();
        String name = user != null && user.getName() != null ? user.getName() : caller.displayName();
        return new MeView(caller.userId(), email, name, organization.getId(), organization.getName(),
                organizations.view(organization), organization.getPlan().wire(),
                caller.role() == null ? null : caller.role().wire(), List.copyOf(new java.util.TreeSet<>(caller.scopes())),
                caller.kind().name().toLowerCase(), caller.tokenId(), apiVersion);
    }
}
