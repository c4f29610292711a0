package io.agentry.sdk.tokens;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a new token's secret starts. {@code cf_} and {@code crfm_} are the prefixes of CrewForm's
 * v2 and legacy API keys, for scripts that check a key's shape; the token is the same otherwise.
 */
public enum KeyPrefix {
    /** Agentry's own (the default). */
    @JsonProperty("pk_") PK,
    /** CrewForm's v2 API keys. */
    @JsonProperty("cf_") CF,
    /** CrewForm's legacy API keys. */
    @JsonProperty("crfm_") CRFM
}
