package io.agentry.sdk.hooks;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code ACTIVE}: events are sent. {@code PAUSED}: events meanwhile are not sent (nor kept).
 * {@code DISABLED}: the receiver answered 410 Gone, see {@link Hook#disabledReason()}; resuming
 * sends again.
 */
public enum HookStatus {
    @JsonProperty("active") ACTIVE,
    @JsonProperty("paused") PAUSED,
    @JsonProperty("disabled") DISABLED,
    /** A value added by a newer server. */
    @JsonEnumDefaultValue UNKNOWN
}
