package io.agentry.tokens;

import io.agentry.http.WireEnum;

/**
 * How a new token's secret starts: Agentry's own {@code pk_}, or the prefixes CrewForm's
 * documents show ({@code cf_} for its v2 API, {@code crfm_} for the legacy one), so that a script
 * which checks a key's shape keeps working. Hashing, scopes and lifecycle are the same.
 */
public enum KeyPrefix implements WireEnum {
    PK("pk_"), CF("cf_"), CRFM("crfm_");

    private final String prefix;

    KeyPrefix(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public String wire() {
        return prefix;
    }
}
