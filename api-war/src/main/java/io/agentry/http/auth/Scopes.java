package io.agentry.http.auth;

import io.agentry.http.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Token scopes. {@code read}/{@code write} cover every resource family, {@code <family>:read} and
 * {@code <family>:write} one family (write implies read), {@code admin} administers the
 * organization (tokens, members) and implies every family, {@code system} is the operator's
 * right to create organizations and change plans.
 */
public final class Scopes {

    public static final String ADMIN = "admin";
    public static final String SYSTEM = "system";
    public static final String READ = "read";
    public static final String WRITE = "write";

    /** Resource families a scope can name. Later capabilities add theirs here. */
    public static final Set<String> FAMILIES = Set.of(
            "agents", "chat", "conversations", "bases", "tasks", "teams", "runs", "hooks", "usage",
            "marketplace", "organizations");

    public static final List<String> MEMBER_DEFAULT = List.of(READ, WRITE);
    public static final List<String> ADMIN_DEFAULT = List.of(ADMIN, READ, WRITE);

    private Scopes() {
    }

    /** Validates and normalises a requested scope list (sorted, without duplicates). */
    public static List<String> parse(String field, List<String> requested) {
        Set<String> result = new TreeSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String scope = requested.get(i).trim().toLowerCase();
            if (!isKnown(scope)) {
                throw ApiException.invalid(field + "[" + i + "]", "is not a scope; use read, write, admin, system, "
                        + "or <family>:read / <family>:write with family one of " + new TreeSet<>(FAMILIES));
            }
            result.add(scope);
        }
        if (result.isEmpty()) {
            throw ApiException.invalid(field, "must name at least one scope");
        }
        return new ArrayList<>(result);
    }

    private static boolean isKnown(String scope) {
        if (scope.equals(ADMIN) || scope.equals(SYSTEM) || scope.equals(READ) || scope.equals(WRITE)) {
            return true;
        }
        int colon = scope.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String family = scope.substring(0, colon);
        String access = scope.substring(colon + 1);
        return FAMILIES.contains(family) && (access.equals(READ) || access.equals(WRITE));
    }

    public static boolean allows(Set<String> granted, String family, boolean write) {
        if (granted.contains(ADMIN)) {
            return true;
        }
        if (granted.contains(WRITE) || granted.contains(family + ":write")) {
            return true;
        }
        return !write && (granted.contains(READ) || granted.contains(family + ":read"));
    }
}
