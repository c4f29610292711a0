package io.agentry.tokens;

import io.agentry.organizations.OrganizationChanged;
import io.agentry.organizations.OrganizationLookup;
import io.agentry.organizations.SessionMembers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Evicts cached credentials once the change is committed (evicting earlier could let a request
 * re-cache the old state before the commit).
 */
@ApplicationScoped
public class TokenCacheEviction {

    @Inject
    TokenAuthenticator authenticator;

    @Inject
    OrganizationLookup organizations;

    @Inject
    SessionMembers sessionMembers;

    void tokenChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) TokenChanged event) {
        authenticator.evict(event.tokenHash());
    }

    void organizationChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) OrganizationChanged event) {
        authenticator.evictOrganization(event.organizationId());
        organizations.evict(event.organizationId());
        sessionMembers.evict(event.organizationId());
    }
}
