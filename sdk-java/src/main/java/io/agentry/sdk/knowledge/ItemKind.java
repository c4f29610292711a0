package io.agentry.sdk.knowledge;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

public enum ItemKind {
    @JsonProperty("text") TEXT,
    @JsonProperty("faq") FAQ,
    @JsonProperty("file") FILE,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
