package io.agentry.sdk.providers;

import io.agentry.sdk.core.BodyParams;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code PUT /api/v1/providers/{provider}}: replaces the organization's settings for the
 * provider. Give a key, a base URL or both; a key alone is used at the server's base URL.
 */
public final class ProviderSettingsParams extends BodyParams {

    private ProviderSettingsParams(Builder b) {
        super(b);
    }

    /** Never the key: params end up in logs. */
    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>(body());
        shown.computeIfPresent("api_key", (k, v) -> "***");
        return "ProviderSettingsParams" + shown;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends BodyParams.Builder<ProviderSettingsParams, Builder> {
        /** Stored encrypted on the server and never returned. Not for Ollama. */
        public Builder apiKey(String apiKey) {
            return put("api_key", apiKey);
        }

        /** http(s); the server refuses private and loopback addresses unless its operator allows them. */
        public Builder baseUrl(String baseUrl) {
            return put("base_url", baseUrl);
        }

        @Override
        public ProviderSettingsParams build() {
            return new ProviderSettingsParams(this);
        }
    }
}
