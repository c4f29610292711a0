package io.agentry.sdk.organizations;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

public enum Role {
    @JsonProperty("owner") OWNER,
    @JsonProperty("admin") ADMIN,
    @JsonProperty("member") MEMBER,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
