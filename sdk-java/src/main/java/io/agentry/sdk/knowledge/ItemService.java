package io.agentry.sdk.knowledge;

import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.ListParams;
import io.agentry.sdk.core.Multipart;
import io.agentry.sdk.core.Page;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.Resource;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * {@code /api/v1/bases/{baseId}/items}. A created or updated item is ingested asynchronously:
 * it comes back {@code PENDING}; see {@link BaseService#awaitIngestion}.
 */
public final class ItemService extends Resource {

    private final UUID baseId;

    ItemService(ApiClient api, UUID baseId) {
        super(api);
        this.baseId = baseId;
    }

    private ApiRequest at(ApiRequest request) {
        return request.path(BaseService.PATH).segment(baseId).path("items");
    }

    /** Adds a text or FAQ item. */
    public KnowledgeItem create(ItemCreateParams params) {
        return create(params, RequestOptions.NONE);
    }

    public KnowledgeItem create(ItemCreateParams params, RequestOptions options) {
        return api.call(at(ApiRequest.post()).json(params.body()), options, KnowledgeItem.class);
    }

    /** Uploads a file as an item (multipart/form-data). */
    public KnowledgeItem upload(FileUpload file) {
        return upload(file, RequestOptions.NONE);
    }

    public KnowledgeItem upload(FileUpload file, RequestOptions options) {
        Multipart body = new Multipart().file("file", file.fileName(), file.contentType(), file.contentUnsafe())
                .text("title", file.title())
                .text("source", file.source());
        if (file.metadata() != null) {
            body.text("metadata", new String(Json.write(file.metadata()), StandardCharsets.UTF_8));
        }
        return api.call(at(ApiRequest.post()).body(body.build()), options, KnowledgeItem.class);
    }

    public KnowledgeItem retrieve(UUID itemId) {
        return retrieve(itemId, RequestOptions.NONE);
    }

    public KnowledgeItem retrieve(UUID itemId, RequestOptions options) {
        return api.call(at(ApiRequest.get()).segment(itemId), options, KnowledgeItem.class);
    }

    /** Changes the item and re-indexes it. */
    public KnowledgeItem update(UUID itemId, ItemUpdateParams params) {
        return update(itemId, params, RequestOptions.NONE);
    }

    public KnowledgeItem update(UUID itemId, ItemUpdateParams params, RequestOptions options) {
        return api.call(at(ApiRequest.patch()).segment(itemId).json(params.body()), options, KnowledgeItem.class);
    }

    /** Deletes the item; its chunks leave search at once. */
    public void delete(UUID itemId) {
        delete(itemId, RequestOptions.NONE);
    }

    public void delete(UUID itemId, RequestOptions options) {
        api.call(at(ApiRequest.delete()).segment(itemId), options);
    }

    /** Items without their text (retrieve one for it). */
    public Page<KnowledgeItem> list() {
        return list(ListParams.NONE, RequestOptions.NONE);
    }

    public Page<KnowledgeItem> list(ListParams params) {
        return list(params, RequestOptions.NONE);
    }

    public Page<KnowledgeItem> list(ListParams params, RequestOptions options) {
        return list(() -> at(ApiRequest.get()), params, options, KnowledgeItem.class);
    }
}
