package io.agentry.sdk.teams;

import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.ListParams;
import io.agentry.sdk.core.Page;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.Resource;
import java.util.UUID;

/**
 * {@code /api/v1/teams}: agents working together as a pipeline, an orchestrating lead with
 * members, or a collaboration. A bad configuration is a {@code BadRequestException} naming the
 * field by its path (for example {@code config.steps[1].agent_id}).
 */
public final class TeamService extends Resource {

    private static final String PATH = "api/v1/teams";

    public TeamService(ApiClient api) {
        super(api);
    }

    public Team create(TeamCreateParams params) {
        return create(params, RequestOptions.NONE);
    }

    public Team create(TeamCreateParams params, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).json(params.body()), options, Team.class);
    }

    public Team retrieve(UUID id) {
        return retrieve(id, RequestOptions.NONE);
    }

    public Team retrieve(UUID id, RequestOptions options) {
        return api.call(ApiRequest.get().path(PATH).segment(id), options, Team.class);
    }

    /** Changes the team; a change made meanwhile by someone else is a 409 {@code ConflictException}. */
    public Team update(UUID id, TeamUpdateParams params) {
        return update(id, params, RequestOptions.NONE);
    }

    public Team update(UUID id, TeamUpdateParams params, RequestOptions options) {
        return api.call(ApiRequest.patch().path(PATH).segment(id).json(params.body()), options, Team.class);
    }

    public void delete(UUID id) {
        delete(id, RequestOptions.NONE);
    }

    public void delete(UUID id, RequestOptions options) {
        api.call(ApiRequest.delete().path(PATH).segment(id), options);
    }

    /** Newest first, with their members; {@link TeamListParams} filters by mode. */
    public Page<Team> list() {
        return list(ListParams.NONE, RequestOptions.NONE);
    }

    public Page<Team> list(ListParams params) {
        return list(params, RequestOptions.NONE);
    }

    public Page<Team> list(ListParams params, RequestOptions options) {
        return list(() -> ApiRequest.get().path(PATH), params, options, Team.class);
    }
}
