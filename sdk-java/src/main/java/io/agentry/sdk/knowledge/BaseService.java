package io.agentry.sdk.knowledge;

import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.ListParams;
import io.agentry.sdk.core.Page;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.Resource;
import io.agentry.sdk.errors.AgentryException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** {@code /api/v1/bases}: knowledge bases, their items ({@link #items(UUID)}) and search. */
public final class BaseService extends Resource {

    static final String PATH = "api/v1/bases";

    public BaseService(ApiClient api) {
        super(api);
    }

    /** The items of one base. */
    public ItemService items(UUID baseId) {
        return new ItemService(api, baseId);
    }

    public KnowledgeBase create(BaseCreateParams params) {
        return create(params, RequestOptions.NONE);
    }

    public KnowledgeBase create(BaseCreateParams params, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).json(params.body()), options, KnowledgeBase.class);
    }

    public KnowledgeBase retrieve(UUID id) {
        return retrieve(id, RequestOptions.NONE);
    }

    public KnowledgeBase retrieve(UUID id, RequestOptions options) {
        return api.call(ApiRequest.get().path(PATH).segment(id), options, KnowledgeBase.class);
    }

    public KnowledgeBase update(UUID id, BaseUpdateParams params) {
        return update(id, params, RequestOptions.NONE);
    }

    public KnowledgeBase update(UUID id, BaseUpdateParams params, RequestOptions options) {
        return api.call(ApiRequest.patch().path(PATH).segment(id).json(params.body()), options, KnowledgeBase.class);
    }

    /** Deletes the base with all its items and chunks. */
    public void delete(UUID id) {
        delete(id, RequestOptions.NONE);
    }

    public void delete(UUID id, RequestOptions options) {
        api.call(ApiRequest.delete().path(PATH).segment(id), options);
    }

    public Page<KnowledgeBase> list() {
        return list(ListParams.NONE, RequestOptions.NONE);
    }

    public Page<KnowledgeBase> list(ListParams params) {
        return list(params, RequestOptions.NONE);
    }

    public Page<KnowledgeBase> list(ListParams params, RequestOptions options) {
        return list(() -> ApiRequest.get().path(PATH), params, options, KnowledgeBase.class);
    }

    /** Searches the base: the best chunks for the query. */
    public QueryResult query(UUID id, QueryParams params) {
        return query(id, params, RequestOptions.NONE);
    }

    public QueryResult query(UUID id, QueryParams params, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).segment(id).path("query").json(params.body()), options, QueryResult.class);
    }

    /**
     * Waits until no item of the base is pending or processing (ingestion is asynchronous), and
     * returns the base as it is then.
     *
     * @throws AgentryException when {@code timeout} passes first
     */
    public KnowledgeBase awaitIngestion(UUID id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long pause = 100;
        while (true) {
            KnowledgeBase base = retrieve(id);
            if (base.items().settled()) {
                return base;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AgentryException("knowledge base " + id + " still has " + base.items().pending() + " pending and "
                        + base.items().processing() + " processing items after " + timeout);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AgentryException("interrupted while waiting for ingestion", e);
            }
            pause = Math.min(pause * 2, 1_000);
        }
    }
}
