package io.agentry.sdk.usage;

public enum UsageGroupBy {
    AGENT, MODEL, PROVIDER, TOKEN, DAY
}
