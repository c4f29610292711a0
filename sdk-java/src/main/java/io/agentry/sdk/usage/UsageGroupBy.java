package io.agentry.sdk.usage;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum UsageGroupBy {
    @JsonProperty("agent") AGENT,
    @JsonProperty("model") MODEL,
    @JsonProperty("provider") PROVIDER,
    @JsonProperty("token") TOKEN,
    @JsonProperty("day") DAY
}
