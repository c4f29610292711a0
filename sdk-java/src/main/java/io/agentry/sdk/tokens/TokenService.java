package io.agentry.sdk.tokens;

import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.ListParams;
import io.agentry.sdk.core.Page;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.Resource;
import java.util.UUID;

/** {@code /api/v1/tokens}: the organization's API tokens (needs the admin scope). */
public final class TokenService extends Resource {

    private static final String PATH = "api/v1/tokens";

    public TokenService(ApiClient api) {
        super(api);
    }

    /** Creates a token; the returned record's {@code secret()} is the only copy of the secret. */
    public ApiToken create(TokenCreateParams params) {
        return create(params, RequestOptions.NONE);
    }

    public ApiToken create(TokenCreateParams params, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).json(params.body()), options, ApiToken.class);
    }

    public ApiToken retrieve(UUID id) {
        return retrieve(id, RequestOptions.NONE);
    }

    public ApiToken retrieve(UUID id, RequestOptions options) {
        return api.call(ApiRequest.get().path(PATH).segment(id), options, ApiToken.class);
    }

    public ApiToken update(UUID id, TokenUpdateParams params) {
        return update(id, params, RequestOptions.NONE);
    }

    public ApiToken update(UUID id, TokenUpdateParams params, RequestOptions options) {
        return api.call(ApiRequest.patch().path(PATH).segment(id).json(params.body()), options, ApiToken.class);
    }

    /** Revokes the token for good; its record and history stay. */
    public ApiToken revoke(UUID id) {
        return revoke(id, RequestOptions.NONE);
    }

    public ApiToken revoke(UUID id, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).segment(id).path("revoke"), options, ApiToken.class);
    }

    /** Deletes the token's record. */
    public void delete(UUID id) {
        delete(id, RequestOptions.NONE);
    }

    public void delete(UUID id, RequestOptions options) {
        api.call(ApiRequest.delete().path(PATH).segment(id), options);
    }

    public Page<ApiToken> list() {
        return list(ListParams.NONE, RequestOptions.NONE);
    }

    public Page<ApiToken> list(ListParams params) {
        return list(params, RequestOptions.NONE);
    }

    public Page<ApiToken> list(ListParams params, RequestOptions options) {
        return list(() -> ApiRequest.get().path(PATH), params, options, ApiToken.class);
    }
}
