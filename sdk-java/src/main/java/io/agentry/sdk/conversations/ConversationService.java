package io.agentry.sdk.conversations;

import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.ListParams;
import io.agentry.sdk.core.Page;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.Resource;
import java.util.UUID;

/** {@code /api/v1/conversations} and their messages. */
public final class ConversationService extends Resource {

    private static final String PATH = "api/v1/conversations";

    public ConversationService(ApiClient api) {
        super(api);
    }

    public Page<Conversation> list() {
        return list(ListParams.NONE, RequestOptions.NONE);
    }

    public Page<Conversation> list(ListParams params) {
        return list(params, RequestOptions.NONE);
    }

    public Page<Conversation> list(ListParams params, RequestOptions options) {
        return list(() -> ApiRequest.get().path(PATH), params, options, Conversation.class);
    }

    public Conversation retrieve(UUID id) {
        return retrieve(id, RequestOptions.NONE);
    }

    public Conversation retrieve(UUID id, RequestOptions options) {
        return api.call(ApiRequest.get().path(PATH).segment(id), options, Conversation.class);
    }

    public Conversation update(UUID id, ConversationUpdateParams params) {
        return update(id, params, RequestOptions.NONE);
    }

    public Conversation update(UUID id, ConversationUpdateParams params, RequestOptions options) {
        return api.call(ApiRequest.patch().path(PATH).segment(id).json(params.body()), options, Conversation.class);
    }

    /** Deletes the conversation and its messages. */
    public void delete(UUID id) {
        delete(id, RequestOptions.NONE);
    }

    public void delete(UUID id, RequestOptions options) {
        api.call(ApiRequest.delete().path(PATH).segment(id), options);
    }

    /** Messages oldest first. */
    public Page<Message> messages(UUID id) {
        return messages(id, ListParams.NONE, RequestOptions.NONE);
    }

    public Page<Message> messages(UUID id, ListParams params) {
        return messages(id, params, RequestOptions.NONE);
    }

    public Page<Message> messages(UUID id, ListParams params, RequestOptions options) {
        return list(() -> ApiRequest.get().path(PATH).segment(id).path("messages"), params, options, Message.class);
    }
}
