package io.agentry.sdk.providers;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.sdk.agents.AgentProvider;
import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/v1/providers}: how the organization reaches each LLM provider, and (admins) its
 * own keys and base URLs, which its agents then use instead of the server's.
 */
public final class ProviderService extends Resource {

    private static final String PATH = "api/v1/providers";

    public ProviderService(ApiClient api) {
        super(api);
    }

    /** Every provider, in a fixed order. */
    public List<ProviderSettings> list() {
        return list(RequestOptions.NONE);
    }

    public List<ProviderSettings> list(RequestOptions options) {
        List<ProviderSettings> all = new ArrayList<>();
        for (JsonNode item : api.call(ApiRequest.get().path(PATH), options).path("items")) {
            all.add(Json.convert(item, ProviderSettings.class));
        }
        return List.copyOf(all);
    }

    public ProviderSettings retrieve(AgentProvider provider) {
        return retrieve(provider, RequestOptions.NONE);
    }

    public ProviderSettings retrieve(AgentProvider provider, RequestOptions options) {
        return api.call(ApiRequest.get().path(PATH).segment(Json.wire(provider)), options, ProviderSettings.class);
    }

    /** Replaces the organization's settings for the provider (admins). */
    public ProviderSettings set(AgentProvider provider, ProviderSettingsParams params) {
        return set(provider, params, RequestOptions.NONE);
    }

    public ProviderSettings set(AgentProvider provider, ProviderSettingsParams params, RequestOptions options) {
        return api.call(ApiRequest.put().path(PATH).segment(Json.wire(provider)).json(params.body()), options,
                ProviderSettings.class);
    }

    /** Removes the organization's settings (admins): its agents use the server's again. */
    public void delete(AgentProvider provider) {
        delete(provider, RequestOptions.NONE);
    }

    public void delete(AgentProvider provider, RequestOptions options) {
        api.call(ApiRequest.delete().path(PATH).segment(Json.wire(provider)), options);
    }
}
