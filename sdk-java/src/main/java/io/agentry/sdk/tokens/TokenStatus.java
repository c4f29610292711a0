package io.agentry.sdk.tokens;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

public enum TokenStatus {
    @JsonProperty("active") ACTIVE,
    @JsonProperty("revoked") REVOKED,
    /** Active but past its expiry time (shown, never stored). */
    @JsonProperty("expired") EXPIRED,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
