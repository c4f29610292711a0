package io.agentry.organizations;

import io.agentry.db.Times;
import io.agentry.http.auth.Scopes;
import io.agentry.tokens.TokenSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * First start on an empty database: creates the first organization, its owner (a system
 * administrator) and the owner's admin token, so the quickstart has a working credential. The
 * token is AGENTRY_BOOTSTRAP_TOKEN when set; otherwise one is generated and returned to be shown
 * once. A marker row makes this happen once, even with several instances starting together.
 */
@ApplicationScoped
public class Bootstrap {

    private static final String MARKER = "bootstrap";

    @PersistenceContext(unitName = "agentry")
    EntityManager em;

    @Inject
    OrganizationService organizations;

    @Inject
    @ConfigProperty(name = "agentry.bootstrap.token")
    Optional<String> configuredToken;
    @Inject
    @ConfigProperty(name = "agentry.bootstrap.organization", defaultValue = "My Organization")
    String organizationName;
    @Inject
    @ConfigProperty(name = "agentry.bootstrap.plan", defaultValue = "enterprise")
    String plan;
    @Inject
    @ConfigProperty(name = "agentry.bootstrap.email", defaultValue = "admin@localhost")
    String email;

    /** The outcome: whether this call bootstrapped, and the generated secret if one was generated. */
    public record Result(boolean created, Optional<String> generatedToken) {
    }

    @Transactional
    public Result run() {
        long done = ((Number) em.createNativeQuery("select count(*) from system_state where name = ?1")
                .setParameter(1, MARKER).getSingleResult()).longValue();
        if (done > 0) {
            return new Result(false, Optional.empty());
        }
        Optional<String> configured = configuredToken.map(String::trim).filter(s -> !s.isEmpty());
        if (configured.isPresent() && !TokenSecrets.looksLikeToken(configured.get())) {
            throw new IllegalStateException("AGENTRY_BOOTSTRAP_TOKEN must look like pk_<hex> (pk_, cf_ or crfm_ "
                    + "followed by 16-128 letters or digits)");
        }
        Plan bootstrapPlan = io.agentry.http.WireEnum.parsePlain(Plan.class, plan)
                .orElseThrow(() -> new IllegalStateException("AGENTRY_BOOTSTRAP_PLAN must be free, pro, team or enterprise"));
        String secret = configured.orElseGet(TokenSecrets::generate);
        // The marker goes first: a second instance bootstrapping at the same moment fails on its key.
        em.createNativeQuery("insert into system_state (name, detail, created_at) values (?1, ?2, ?3)")
                .setParameter(1, MARKER).setParameter(2, "done").setParameter(3, Times.now()).executeUpdate();
        organizations.createWithOwner(organizationName, bootstrapPlan, null, email, "Administrator", true, secret,
                List.of(Scopes.ADMIN, Scopes.READ, Scopes.SYSTEM, Scopes.WRITE), "bootstrap admin token");
        return new Result(true, configured.isPresent() ? Optional.empty() : Optional.of(secret));
    }
}
