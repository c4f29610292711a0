package io.agentry.sdk.tasks;

import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.ListParams;
import io.agentry.sdk.core.Page;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.Resource;
import io.agentry.sdk.core.StreamResponse;
import java.util.UUID;

/**
 * {@code /api/v1/tasks}: work handed to an agent (or to a team, through a team run), run in the
 * background. Follow a task with {@link #events}, or subscribe to {@code task.completed} with
 * {@code client.hooks()}.
 */
public final class TaskService extends Resource {

    private static final String PATH = "api/v1/tasks";

    public TaskService(ApiClient api) {
        super(api);
    }

    /** Creates a task; with an assigned agent or team it comes back {@link TaskStatus#DISPATCHED}. */
    public Task create(TaskCreateParams params) {
        return create(params, RequestOptions.NONE);
    }

    public Task create(TaskCreateParams params, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).json(params.body()), options, Task.class);
    }

    public Task retrieve(UUID id) {
        return retrieve(id, RequestOptions.NONE);
    }

    public Task retrieve(UUID id, RequestOptions options) {
        return api.call(ApiRequest.get().path(PATH).segment(id), options, Task.class);
    }

    /** Changes the task; a change made meanwhile by its run is a 409 {@code ConflictException} (retried by default). */
    public Task update(UUID id, TaskUpdateParams params) {
        return update(id, params, RequestOptions.NONE);
    }

    public Task update(UUID id, TaskUpdateParams params, RequestOptions options) {
        return api.call(ApiRequest.patch().path(PATH).segment(id).json(params.body()), options, Task.class);
    }

    /** Deletes the task and its events, cancelling it first if it is queued or running. */
    public void delete(UUID id) {
        delete(id, RequestOptions.NONE);
    }

    public void delete(UUID id, RequestOptions options) {
        api.call(ApiRequest.delete().path(PATH).segment(id), options);
    }

    /** Newest first. {@link TaskListParams} filters by status, priority, agent or team. */
    public Page<Task> list() {
        return list(ListParams.NONE, RequestOptions.NONE);
    }

    public Page<Task> list(ListParams params) {
        return list(params, RequestOptions.NONE);
    }

    public Page<Task> list(ListParams params, RequestOptions options) {
        return list(() -> ApiRequest.get().path(PATH), params, options, Task.class);
    }

    /**
     * Cancels the task, also while it runs (the model call is dropped). A task that has already
     * ended is a 409 {@code ConflictException}.
     */
    public Task cancel(UUID id) {
        return cancel(id, RequestOptions.NONE);
    }

    public Task cancel(UUID id, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).segment(id).path("cancel"), options, Task.class);
    }

    /** Runs a failed or cancelled task again; it comes back {@link TaskStatus#DISPATCHED}. */
    public Task retry(UUID id) {
        return retry(id, RequestOptions.NONE);
    }

    public Task retry(UUID id, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).segment(id).path("retry"), options, Task.class);
    }

    /**
     * Follows the task live: every event since it was created (its status changes, the answer as
     * it is generated, tool calls), then new ones as they happen, until {@link TaskEvent.Done}.
     * Close the stream (try-with-resources) to stop following; the task itself goes on.
     */
    public StreamResponse<TaskEvent> events(UUID id) {
        return events(id, null, RequestOptions.NONE);
    }

    /**
     * Resumes following the task after the event with this id ({@link TaskEvent#eventId()} of the
     * last event seen), as after a dropped connection: the server sends it as {@code Last-Event-ID}
     * and replays only what came after. Null: from the start.
     */
    public StreamResponse<TaskEvent> events(UUID id, String lastEventId) {
        return events(id, lastEventId, RequestOptions.NONE);
    }

    public StreamResponse<TaskEvent> events(UUID id, String lastEventId, RequestOptions options) {
        RequestOptions sent = lastEventId == null ? options : options.withHeader("Last-Event-ID", lastEventId);
        return api.stream(ApiRequest.get().path(PATH).segment(id).path("events"), sent, TaskEvent::of);
    }
}
