package io.agentry;

import io.agentry.db.Database;
import io.agentry.db.SqlErrors;
import io.agentry.http.idempotency.IdempotencyStore;
import io.agentry.jobs.JobEngine;
import io.agentry.knowledge.KnowledgeUpkeep;
import io.agentry.organizations.Bootstrap;
import io.agentry.organizations.BootstrapTokenFile;
import io.agentry.tokens.TokenUsageRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs before the application takes requests: migrate, bootstrap, start background work. */
@ApplicationScoped
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class.getName());

    @Inject
    Database database;

    @Inject
    Bootstrap bootstrap;

    @Inject
    BootstrapTokenFile tokenFile;

    @Inject
    TokenUsageRecorder usage;

    @Inject
    IdempotencyStore idempotency;

    @Inject
    KnowledgeUpkeep knowledge;

    @Inject
    JobEngine jobs;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        database.migrate();
        try {
            Bootstrap.Result result = bootstrap.run();
            if (result.created()) {
                LOG.info("Created the first organization \"%s\" (%s), its owner %s and the owner's admin token %s"
                        .formatted(result.organizationName(), result.organizationId(), result.ownerEmail(),
                                result.tokenPrefix()));
            }
            result.generatedToken().ifPresent(tokenFile::write);
        } catch (RuntimeException e) {
            if (!SqlErrors.isUniqueViolation(e)) {
                throw e; // a misconfiguration must stop the start, not leave a server nobody can use
            }
            LOG.log(Level.INFO, "Bootstrap skipped: another instance completed it at the same moment");
        }
        for (Bootstrap.Repair repair : bootstrap.revokePublishedTokens()) {
            String replaced = repair.replacementPrefix().map(p -> "; the owner's new admin token is " + p).orElse("");
            LOG.severe(("Revoked API token %s of organization %s: its value is published in Agentry's repository, so "
                    + "anyone could use it%s").formatted(repair.revokedPrefix(), repair.organizationId(), replaced));
            repair.generatedToken().ifPresent(tokenFile::write);
        }
        usage.start();
        idempotency.start();
        knowledge.start();
        jobs.start();
    }
}
