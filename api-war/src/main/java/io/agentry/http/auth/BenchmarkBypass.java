package io.agentry.http.auth;

import io.agentry.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Benchmark-only: with AGENTRY_BENCH_ANONYMOUS_ORGANIZATION set to an organization id, requests
 * that carry no credential read that organization with no token check and no rate limit, so
 * bench/ can measure what authentication and rate limiting cost in the same run. Only requests
 * from the loopback interface qualify, and requests that carry a credential are unaffected.
 * Never set it outside a benchmark.
 */
@ApplicationScoped
public class BenchmarkBypass {

    private static final Logger LOG = Logger.getLogger(BenchmarkBypass.class.getName());

    @Inject
    @ConfigProperty(name = "agentry.bench.anonymous.organization")
    Optional<String> organization;

    private volatile Optional<Caller> caller;

    static boolean isLoopback(String address) {
        return address != null && (address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1"));
    }

    public Optional<Caller> anonymousCaller() {
        Optional<Caller> c = caller;
        if (c == null) {
            c = organization.filter(s -> !s.isBlank()).map(id -> {
                UUID org;
                try {
                    org = UUID.fromString(id.trim());
                } catch (IllegalArgumentException e) {
                    throw ApiException.unavailable("AGENTRY_BENCH_ANONYMOUS_ORGANIZATION is not a UUID");
                }
                LOG.warning("AGENTRY_BENCH_ANONYMOUS_ORGANIZATION is set: requests without credentials can READ "
                        + "organization " + org + " unauthenticated. Benchmarks only!");
                return new Caller(org, null, null, "benchmark", null, Set.of(Scopes.READ), null, Caller.Kind.TOKEN,
                        Integer.MAX_VALUE);
            });
            caller = c;
        }
        return c;
    }
}
