package io.agentry.sdk.conversations;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

public enum ConversationStatus {
    @JsonProperty("open") OPEN,
    @JsonProperty("archived") ARCHIVED,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
