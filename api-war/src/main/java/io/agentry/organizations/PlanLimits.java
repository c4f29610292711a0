package io.agentry.organizations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Per-plan limits, configurable (AGENTRY_RATE_LIMIT_FREE, ..._PRO, ..._TEAM, ..._ENTERPRISE in
 * requests per minute). An organization's own rate_limit_per_minute overrides its plan's.
 */
@ApplicationScoped
public class PlanLimits {

    @Inject
    @ConfigProperty(name = "agentry.rate.limit.free", defaultValue = "30")
    int free;
    @Inject
    @ConfigProperty(name = "agentry.rate.limit.pro", defaultValue = "120")
    int pro;
    @Inject
    @ConfigProperty(name = "agentry.rate.limit.team", defaultValue = "300")
    int team;
    @Inject
    @ConfigProperty(name = "agentry.rate.limit.enterprise", defaultValue = "600")
    int enterprise;

    public int requestsPerMinute(Plan plan, Integer override) {
        if (override != null) {
            return override;
        }
        return switch (plan) {
            case FREE -> free;
            case PRO -> pro;
            case TEAM -> team;
            case ENTERPRISE -> enterprise;
        };
    }
}
