package io.agentry.sdk.core;

import java.util.Map;
import java.util.function.Supplier;

/** What every resource accessor shares: the API client and how a list call becomes a {@link Page}. */
public abstract class Resource {

    protected final ApiClient api;

    protected Resource(ApiClient api) {
        this.api = api;
    }

    /** A list call: {@code request} makes the call without its query; each next page reuses the filters. */
    protected <T> Page<T> list(Supplier<ApiRequest> request, ListParams params, RequestOptions options, Class<T> type) {
        return page(request, params.query(), params, options, type);
    }

    private <T> Page<T> page(Supplier<ApiRequest> request, Map<String, String> query, ListParams params, RequestOptions options,
                             Class<T> type) {
        return Page.read(api.call(request.get().query(query), options), Json.MAPPER.constructType(type),
                cursor -> page(request, params.queryAfter(cursor), params, options, type));
    }
}
