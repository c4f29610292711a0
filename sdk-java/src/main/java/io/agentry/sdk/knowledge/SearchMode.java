package io.agentry.sdk.knowledge;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** SEMANTIC (vectors), KEYWORD (full text, web-search syntax) or HYBRID (both, fused; the default). */
public enum SearchMode {
    @JsonProperty("semantic") SEMANTIC,
    @JsonProperty("keyword") KEYWORD,
    @JsonProperty("hybrid") HYBRID,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
