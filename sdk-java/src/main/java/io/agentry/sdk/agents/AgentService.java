package io.agentry.sdk.agents;

import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.ListParams;
import io.agentry.sdk.core.Page;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.Resource;
import java.util.UUID;

/** {@code /api/v1/agents}. */
public final class AgentService extends Resource {

    private static final String PATH = "api/v1/agents";

    public AgentService(ApiClient api) {
        super(api);
    }

    public Agent create(AgentCreateParams params) {
        return create(params, RequestOptions.NONE);
    }

    public Agent create(AgentCreateParams params, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).json(params.body()), options, Agent.class);
    }

    public Agent retrieve(UUID id) {
        return retrieve(id, RequestOptions.NONE);
    }

    public Agent retrieve(UUID id, RequestOptions options) {
        return api.call(ApiRequest.get().path(PATH).segment(id), options, Agent.class);
    }

    public Agent update(UUID id, AgentUpdateParams params) {
        return update(id, params, RequestOptions.NONE);
    }

    public Agent update(UUID id, AgentUpdateParams params, RequestOptions options) {
        return api.call(ApiRequest.patch().path(PATH).segment(id).json(params.body()), options, Agent.class);
    }

    /** Deletes the agent and its conversations; one a team names is a 409 {@code ConflictException} until the team no longer does. */
    public void delete(UUID id) {
        delete(id, RequestOptions.NONE);
    }

    public void delete(UUID id, RequestOptions options) {
        api.call(ApiRequest.delete().path(PATH).segment(id), options);
    }

    public Page<Agent> list() {
        return list(ListParams.NONE, RequestOptions.NONE);
    }

    public Page<Agent> list(ListParams params) {
        return list(params, RequestOptions.NONE);
    }

    public Page<Agent> list(ListParams params, RequestOptions options) {
        return list(() -> ApiRequest.get().path(PATH), params, options, Agent.class);
    }
}
