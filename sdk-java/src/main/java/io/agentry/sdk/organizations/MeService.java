package io.agentry.sdk.organizations;

import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.Resource;

/** {@code /api/v1/me}. */
public final class MeService extends Resource {

    public MeService(ApiClient api) {
        super(api);
    }

    public Me retrieve() {
        return retrieve(RequestOptions.NONE);
    }

    public Me retrieve(RequestOptions options) {
        return api.call(ApiRequest.get().path("api/v1/me"), options, Me.class);
    }
}
