package io.agentry.sdk.usage;

import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.ListParams;
import io.agentry.sdk.core.Page;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.Resource;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/v1/usage}: a record per model call, and aggregates of them. */
public final class UsageService extends Resource {

    private static final String PATH = "api/v1/usage";

    public UsageService(ApiClient api) {
        super(api);
    }

    /** Records newest first. */
    public Page<UsageRecord> list() {
        return list(ListParams.NONE, RequestOptions.NONE);
    }

    public Page<UsageRecord> list(ListParams params) {
        return list(params, RequestOptions.NONE);
    }

    public Page<UsageRecord> list(ListParams params, RequestOptions options) {
        return list(() -> ApiRequest.get().path(PATH), params, options, UsageRecord.class);
    }

    public UsageSummary summary(UsageGroupBy groupBy) {
        return summary(groupBy, ListParams.NONE, RequestOptions.NONE);
    }

    public UsageSummary summary(UsageGroupBy groupBy, ListParams filters) {
        return summary(groupBy, filters, RequestOptions.NONE);
    }

    public UsageSummary summary(UsageGroupBy groupBy, ListParams filters, RequestOptions options) {
        Map<String, String> query = new LinkedHashMap<>(filters.query());
        query.remove("limit");
        query.remove("cursor");
        query.put("group_by", Json.wire(groupBy));
        return api.call(ApiRequest.get().path(PATH).path("summary").query(query), options, UsageSummary.class);
    }
}
