package io.agentry.organizations;

import io.agentry.http.WireEnum;

/** Subscription plans; each has a per-minute request budget (see {@link PlanLimits}). */
public enum Plan implements WireEnum {
    FREE, PRO, TEAM, ENTERPRISE;

    @Override
    public String wire() {
        return name().toLowerCase();
    }

    public static Plan of(String wire) {
        return valueOf(wire.toUpperCase());
    }
}
