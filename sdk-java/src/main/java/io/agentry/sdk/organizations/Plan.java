package io.agentry.sdk.organizations;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A billing plan; it sets the default rate limit (free 30, pro 120, team 300, enterprise 600 per minute). */
public enum Plan {
    @JsonProperty("free") FREE,
    @JsonProperty("pro") PRO,
    @JsonProperty("team") TEAM,
    @JsonProperty("enterprise") ENTERPRISE,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
