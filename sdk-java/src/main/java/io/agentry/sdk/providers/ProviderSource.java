package io.agentry.sdk.providers;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Whose settings an organization's calls to a provider use. */
public enum ProviderSource {
    /** The organization's own key and/or base URL. */
    @JsonProperty("organization") ORGANIZATION,
    /** The server's configuration. */
    @JsonProperty("server") SERVER,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
