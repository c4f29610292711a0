package io.agentry.sdk.runs;

import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.ListParams;
import io.agentry.sdk.core.Page;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.Resource;
import io.agentry.sdk.core.StreamResponse;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/runs}: a team working on one input task, as a pipeline, under an orchestrating
 * lead, or in a collaboration. A run is started at once and goes on in the background, durable
 * across server restarts; follow it with {@link #events}, or subscribe to {@code run.completed}
 * with {@code client.hooks()}.
 */
public final class RunService extends Resource {

    private static final String PATH = "api/v1/runs";

    /**
     * Made by {@code client.runs()}.
     *
     * @param api the client's connection to the API
     */
    public RunService(ApiClient api) {
        super(api);
    }

    /**
     * Starts a run of the team. A team of another organization is a {@code BadRequestException}
     * on {@code team_id}; a pipeline without steps a 409 {@code ConflictException}.
     *
     * @param params the team and the input task
     * @return the run, {@link RunStatus#PENDING} (202 Accepted)
     */
    public Run start(RunStartParams params) {
        return start(params, RequestOptions.NONE);
    }

    /**
     * {@link #start(RunStartParams)} with per-call options.
     *
     * @param params  the team and the input task
     * @param options retries, timeout, idempotency key, headers
     * @return the run, {@link RunStatus#PENDING}
     */
    public Run start(RunStartParams params, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).json(params.body()), options, Run.class);
    }

    /**
     * Reads a run; one of another organization is a {@code NotFoundException}.
     *
     * @param id the run
     * @return the run with its transcript ({@link Run#messages()}, oldest first)
     */
    public Run retrieve(UUID id) {
        return retrieve(id, RequestOptions.NONE);
    }

    /**
     * {@link #retrieve(UUID)} with per-call options.
     *
     * @param id      the run
     * @param options retries, timeout, headers
     * @return the run with its transcript
     */
    public Run retrieve(UUID id, RequestOptions options) {
        return api.call(ApiRequest.get().path(PATH).segment(id), options, Run.class);
    }

    /**
     * The organization's runs, newest first, without messages.
     *
     * @return the first page; {@code autoPager()} walks them all
     */
    public Page<Run> list() {
        return list(ListParams.NONE, RequestOptions.NONE);
    }

    /**
     * The runs that match, newest first, without messages.
     *
     * @param params {@link RunListParams} (by team or status), or just a page size
     * @return the first page; {@code autoPager()} walks them all, keeping the filters
     */
    public Page<Run> list(ListParams params) {
        return list(params, RequestOptions.NONE);
    }

    /**
     * {@link #list(ListParams)} with per-call options, which each next page reuses.
     *
     * @param params  {@link RunListParams} (by team or status), or just a page size
     * @param options retries, timeout, headers
     * @return the first page
     */
    public Page<Run> list(ListParams params, RequestOptions options) {
        return list(() -> ApiRequest.get().path(PATH), params, options, Run.class);
    }

    /**
     * Cancels the run, also while it runs or is paused: its model calls and delegations stop
     * within a second or two. A run that has already ended is a 409 {@code ConflictException}
     * (retried like every 409 unless the options say {@code maxRetries(0)}).
     *
     * @param id the run
     * @return the run, {@link RunStatus#CANCELLED}
     */
    public Run cancel(UUID id) {
        return cancel(id, RequestOptions.NONE);
    }

    /**
     * {@link #cancel(UUID)} with per-call options.
     *
     * @param id      the run
     * @param options retries, timeout, idempotency key, headers
     * @return the run, {@link RunStatus#CANCELLED}
     */
    public Run cancel(UUID id, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).segment(id).path("cancel"), options, Run.class);
    }

    /**
     * Resumes a paused run ({@link RunEvent.Paused}): the next step receives the last step's
     * output ({@link Run#pendingOutput()}). A run that is not paused is a 409
     * {@code ConflictException} (retried like every 409 unless the options say {@code maxRetries(0)}).
     *
     * @param id the run
     * @return the run, {@link RunStatus#RUNNING} again
     */
    public Run resume(UUID id) {
        return resume(id, null, RequestOptions.NONE);
    }

    /**
     * Resumes a paused run, the next step receiving {@code editedOutput} instead of the last
     * step's output (the transcript records it as {@link RunMessage.Type#EDITED}).
     *
     * @param id           the run
     * @param editedOutput what the next step receives, up to 100,000 characters; null: the output as it is
     * @return the run, {@link RunStatus#RUNNING} again
     */
    public Run resume(UUID id, String editedOutput) {
        return resume(id, editedOutput, RequestOptions.NONE);
    }

    /**
     * {@link #resume(UUID, String)} with per-call options.
     *
     * @param id           the run
     * @param editedOutput what the next step receives; null: the output as it is
     * @param options      retries, timeout, idempotency key, headers
     * @return the run, {@link RunStatus#RUNNING} again
     */
    public Run resume(UUID id, String editedOutput, RequestOptions options) {
        ApiRequest request = ApiRequest.post().path(PATH).segment(id).path("resume");
        if (editedOutput != null) {
            request.json(Map.of("output", editedOutput));
        }
        return api.call(request, options, Run.class);
    }

    /**
     * Follows the run live: every event since it started (status changes, steps, delegations,
     * turns, answers as they are generated), then new ones as they happen, until
     * {@link RunEvent.Done}. Close the stream (try-with-resources) to stop following; the run
     * itself goes on.
     *
     * @param id the run
     * @return the open stream of its events
     */
    public StreamResponse<RunEvent> events(UUID id) {
        return events(id, null, RequestOptions.NONE);
    }

    /**
     * Resumes following the run after the event with this id, as after a dropped connection: the
     * server receives it as {@code Last-Event-ID} and replays only what came after.
     *
     * @param id          the run
     * @param lastEventId {@link RunEvent#eventId()} of the last event seen; null: from the start
     * @return the open stream of the events after it
     */
    public StreamResponse<RunEvent> events(UUID id, String lastEventId) {
        return events(id, lastEventId, RequestOptions.NONE);
    }

    /**
     * {@link #events(UUID, String)} with per-call options.
     *
     * @param id          the run
     * @param lastEventId the last event seen; null: from the start
     * @param options     retries (until the stream opens), timeout, headers
     * @return the open stream of the events after it
     */
    public StreamResponse<RunEvent> events(UUID id, String lastEventId, RequestOptions options) {
        RequestOptions sent = lastEventId == null ? options : options.withHeader("Last-Event-ID", lastEventId);
        return api.stream(ApiRequest.get().path(PATH).segment(id).path("events"), sent, RunEvent::of);
    }
}
