package io.agentry.organizations;

import io.agentry.http.WireEnum;

/** A person's role in an organization. Owners and admins administer tokens and members. */
public enum Role implements WireEnum {
    OWNER, ADMIN, MEMBER;

    @Override
    public String wire() {
        return name().toLowerCase();
    }

    public boolean isAdmin() {
        return this != MEMBER;
    }

    public static Role of(String wire) {
        return valueOf(wire.toUpperCase());
    }
}
