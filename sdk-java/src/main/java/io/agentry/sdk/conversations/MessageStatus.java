package io.agentry.sdk.conversations;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** complete; failed (the provider failed, see {@code error}); cancelled (the client left mid-stream). */
public enum MessageStatus {
    @JsonProperty("complete") COMPLETE,
    @JsonProperty("failed") FAILED,
    @JsonProperty("cancelled") CANCELLED,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
