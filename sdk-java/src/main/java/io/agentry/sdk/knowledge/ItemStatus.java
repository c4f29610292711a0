package io.agentry.sdk.knowledge;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** pending -> processing -> ready | failed. */
public enum ItemStatus {
    @JsonProperty("pending") PENDING,
    @JsonProperty("processing") PROCESSING,
    @JsonProperty("ready") READY,
    @JsonProperty("failed") FAILED,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
