package io.agentry.sdk.marketplace;

import io.agentry.sdk.agents.Agent;
import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.ListParams;
import io.agentry.sdk.core.Page;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.Resource;
import java.util.UUID;

/**
 * {@code /api/v1/marketplace}: agents published by their organizations' admins (an admin sets
 * {@code is_marketplace} on an agent), browsable and installable by every organization.
 */
public final class MarketplaceService extends Resource {

    private static final String PATH = "api/v1/marketplace";

    public MarketplaceService(ApiClient api) {
        super(api);
    }

    /** Published agents, newest first. */
    public Page<MarketplaceAgent> list() {
        return list(ListParams.NONE, RequestOptions.NONE);
    }

    /** @param params {@link MarketplaceListParams} (by tag), or just a page size */
    public Page<MarketplaceAgent> list(ListParams params) {
        return list(params, RequestOptions.NONE);
    }

    public Page<MarketplaceAgent> list(ListParams params, RequestOptions options) {
        return list(() -> ApiRequest.get().path(PATH), params, options, MarketplaceAgent.class);
    }

    public MarketplaceAgent retrieve(UUID id) {
        return retrieve(id, RequestOptions.NONE);
    }

    public MarketplaceAgent retrieve(UUID id, RequestOptions options) {
        return api.call(ApiRequest.get().path(PATH).segment(id), options, MarketplaceAgent.class);
    }

    /** Copies the published agent into the caller's organization and counts the install; returns the copy. */
    public Agent install(UUID id) {
        return install(id, RequestOptions.NONE);
    }

    public Agent install(UUID id, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).segment(id).path("install"), options, Agent.class);
    }
}
