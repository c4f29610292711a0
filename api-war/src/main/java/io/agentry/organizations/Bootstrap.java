package io.agentry.organizations;

import io.agentry.db.Times;
import io.agentry.http.auth.Scopes;
import io.agentry.tokens.ApiToken;
import io.agentry.tokens.PublishedTokens;
import io.agentry.tokens.TokenSecrets;
import io.agentry.tokens.TokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * First start on an empty database: creates the first organization, its owner (a system
 * administrator) and the owner's admin token, so the quickstart has a working credential. The
 * token is AGENTRY_BOOTSTRAP_TOKEN when set; otherwise one is generated and returned to be shown
 * once. A marker row makes this happen once, even with several instances starting together.
 * A token whose value Agentry's repository has published ({@link PublishedTokens}) is refused.
 */
@ApplicationScoped
public class Bootstrap {

    private static final String MARKER = "bootstrap";
    private static final String TOKEN_NAME = "bootstrap admin token";

    @PersistenceContext(unitName = "agentry")
    EntityManager em;

    @Inject
    OrganizationService organizations;

    @Inject
    TokenService tokens;

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

    /**
     * The outcome: whether this call bootstrapped, what it created (for the log), and the secret
     * if one was generated.
     */
    public record Result(boolean created, String organizationName, UUID organizationId, String ownerEmail,
                         String tokenPrefix, Optional<String> generatedToken) {
        static Result notNeeded() {
            return new Result(false, null, null, null, null, Optional.empty());
        }
    }

    /** A published token revoked at start, and the owner's replacement if it was a bootstrap token. */
    public record Repair(UUID organizationId, String revokedPrefix, Optional<String> replacementPrefix,
                         Optional<String> generatedToken) {
    }

    @Transactional
    public Result run() {
        long done = ((Number) em.createNativeQuery("select count(*) from system_state where name = ?1")
                .setParameter(1, MARKER).getSingleResult()).longValue();
        if (done > 0) {
            return Result.notNeeded();
        }
        Optional<String> configured = configuredToken();
        Plan bootstrapPlan = io.agentry.http.WireEnum.parsePlain(Plan.class, plan)
                .orElseThrow(() -> new IllegalStateException("AGENTRY_BOOTSTRAP_PLAN must be free, pro, team or enterprise"));
        String secret = configured.orElseGet(TokenSecrets::generate);
        // The marker goes first: a second instance bootstrapping at the same moment fails on its key.
        em.createNativeQuery("insert into system_state (name, detail, created_at) values (?1, ?2, ?3)")
                .setParameter(1, MARKER).setParameter(2, "done").setParameter(3, Times.now()).executeUpdate();
        CreatedOrganization created = organizations.createWithOwner(organizationName, bootstrapPlan, null, email,
                "Administrator", true, secret, List.of(Scopes.ADMIN, Scopes.READ, Scopes.SYSTEM, Scopes.WRITE), TOKEN_NAME);
        return new Result(true, created.organization().name(), created.organization().id(), email,
                created.token().prefix(), configured.isPresent() ? Optional.empty() : Optional.of(secret));
    }

    /**
     * Revokes stored tokens whose value is published: earlier builds let their test servers
     * bootstrap the database an operator's shell pointed at with the test suite's token. When the
     * revoked token was an owner's bootstrap token, the owner gets a new one (AGENTRY_BOOTSTRAP_TOKEN
     * if set and not stored yet, otherwise a generated one to be shown once), so the installation
     * keeps a way in.
     */
    @Transactional
    public List<Repair> revokePublishedTokens() {
        List<Repair> repairs = new ArrayList<>();
        for (ApiToken revoked : tokens.revokePublished()) {
            Optional<String> replacement = Optional.empty();
            Optional<String> generated = Optional.empty();
            if (TOKEN_NAME.equals(revoked.getName()) && revoked.getCreatedBy() != null) {
                Optional<String> configured = configuredToken().filter(t -> !tokens.isStored(t));
                String secret = configured.orElseGet(TokenSecrets::generate);
                replacement = Optional.of(tokens.issue(revoked.getOrganizationId(), revoked.getCreatedBy(), TOKEN_NAME,
                        revoked.getScopes(), null, secret).prefix());
                generated = configured.isPresent() ? Optional.empty() : Optional.of(secret);
            }
            repairs.add(new Repair(revoked.getOrganizationId(), revoked.getPrefix(), replacement, generated));
        }
        return repairs;
    }

    /** AGENTRY_BOOTSTRAP_TOKEN, checked: a malformed or published value stops the start. */
    private Optional<String> configuredToken() {
        Optional<String> configured = configuredToken.map(String::trim).filter(s -> !s.isEmpty());
        if (configured.isPresent() && !TokenSecrets.looksLikeToken(configured.get())) {
            throw new IllegalStateException("AGENTRY_BOOTSTRAP_TOKEN must look like pk_<hex> (pk_, cf_ or crfm_ "
                    + "followed by 16-128 letters or digits)");
        }
        if (configured.isPresent() && PublishedTokens.isPublished(configured.get())) {
            throw new IllegalStateException("AGENTRY_BOOTSTRAP_TOKEN is a value published in Agentry's repository "
                    + "(a test or documentation example), which anyone can read; choose your own, e.g. "
                    + "pk_$(openssl rand -hex 32), or leave it unset to have one generated");
        }
        return configured;
    }
}
