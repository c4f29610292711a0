package io.agentry.tasks;

import io.agentry.events.EventStream;
import io.agentry.http.Ids;
import io.agentry.http.JsonInput;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.auth.Caller;
import io.agentry.http.auth.Scoped;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Scoped("tasks")
@Tag(name = "Tasks", description = "Work handed to an agent or a team: created with an assigned agent (or team) it is "
        + "dispatched at once (dispatched, running, then completed or failed); unassigned it stays pending until one is assigned.")
@APIResponse(ref = "Unauthorized")
@APIResponse(ref = "Forbidden")
@APIResponse(ref = "RateLimited")
public class TaskResource {

    private static final String EVENTS_DOC = "Server-Sent Events of the task, each with an id (send the last one "
            + "back as Last-Event-ID to resume): `status` {status, error, attempts, result, at} at every change, `delta` "
            + "{text} as the answer arrives, `tool_call` and `tool_result` around each tool call, and `done` (the "
            + "final status, with the result) when it completes, fails or is cancelled, which ends the stream. "
            + "Comment lines keep an idle connection alive. An organization may have at most "
            + "AGENTRY_EVENTS_MAX_STREAMS_PER_ORGANIZATION (100) streams open on one server (429 with Retry-After above it).";

    @Inject
    TaskService tasks;

    @Inject
    EventStream eventStream;

    @Context
    SecurityContext security;

    @Schema(name = "TaskInput", description = "Create: title is required. Update (PATCH): only the fields sent change; "
            + "null clears an optional field.")
    public record TaskInputSchema(
            @Schema(maxLength = 500, example = "Review PR #42") String title,
            @Schema(maxLength = 100000, nullable = true, example = "Review the authentication changes") String description,
            @Schema(enumeration = {"low", "medium", "high", "urgent"}, defaultValue = "medium",
                    description = "critical (the legacy API's word) means urgent") String priority,
            @Schema(nullable = true, description = "The agent that runs it: dispatched at once") UUID assignedAgentId,
            @Schema(nullable = true, description = "The same, as the legacy API names it") UUID agentId,
            @Schema(nullable = true, description = "One of the organization's teams: a team run serves the task and its output becomes the result")
            UUID assignedTeamId,
            @Schema(type = SchemaType.OBJECT) Map<String, Object> metadata,
            @Schema(enumeration = {"pending", "cancelled"}, description = "Create: pending only. PATCH: cancelled cancels it")
            String status,
            @Schema(description = "Optional; must be the caller's organization") UUID workspaceId) {
    }

    @GET
    @Operation(operationId = "listTasks", summary = "List tasks", description = "Newest first, cursor-paginated, optionally filtered.")
    @APIResponse(responseCode = "200", description = "A page of tasks",
            content = @Content(schema = @Schema(implementation = TaskView.class, type = SchemaType.ARRAY)))
    @APIResponse(ref = "BadRequest")
    public Page<TaskView> list(@Parameter(ref = "limit") @QueryParam("limit") String limit,
                               @Parameter(ref = "cursor") @QueryParam("cursor") String cursor,
                               @Parameter(description = "pending, dispatched, running, completed, failed or cancelled")
                               @QueryParam("status") String status,
                               @Parameter(description = "low, medium, high or urgent") @QueryParam("priority") String priority,
                               @Parameter(description = "Tasks of this agent") @QueryParam("assigned_agent_id") String agentId,
                               @Parameter(description = "Tasks of this team") @QueryParam("assigned_team_id") String teamId) {
        return tasks.list(Caller.of(security), PageRequest.of(limit, cursor), TaskInput.filter(status, priority, agentId, teamId));
    }

    @POST
    @Operation(operationId = "createTask", summary = "Create a task", description = "With an assigned agent it is dispatched at once.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = TaskInputSchema.class)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = TaskView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "PayloadTooLarge")
    public Response create(InputStream body, @Context UriInfo uri) {
        Caller caller = Caller.of(security);
        TaskView created = tasks.create(caller, TaskInput.create(caller, JsonInput.read(body)));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getTask", summary = "Get a task")
    @APIResponse(responseCode = "200", description = "The task", content = @Content(schema = @Schema(implementation = TaskView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public TaskView get(@PathParam("id") String id) {
        return tasks.get(Caller.of(security), Ids.parse("id", id));
    }

    @PATCH
    @Path("{id}")
    @Operation(operationId = "updateTask", summary = "Update a task",
            description = "Only the fields sent change. Assigning an agent to a pending task dispatches it; status "
                    + "cancelled cancels it.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = TaskInputSchema.class)))
    @APIResponse(responseCode = "200", description = "The task", content = @Content(schema = @Schema(implementation = TaskView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "Conflict")
    public TaskView update(@PathParam("id") String id, InputStream body) {
        Caller caller = Caller.of(security);
        return tasks.update(caller, Ids.parse("id", id), TaskInput.change(caller, JsonInput.read(body)));
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteTask", summary = "Delete a task", description = "A queued or running task is cancelled first.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public Response delete(@PathParam("id") String id) {
        tasks.delete(Caller.of(security), Ids.parse("id", id));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/cancel")
    @Operation(operationId = "cancelTask", summary = "Cancel a task",
            description = "Honoured while it runs: the model call is dropped and the task stays cancelled.")
    @APIResponse(responseCode = "200", description = "The cancelled task", content = @Content(schema = @Schema(implementation = TaskView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "Conflict")
    public TaskView cancel(@PathParam("id") String id) {
        return tasks.cancel(Caller.of(security), Ids.parse("id", id));
    }

    @POST
    @Path("{id}/retry")
    @Operation(operationId = "retryTask", summary = "Run a failed or cancelled task again")
    @APIResponse(responseCode = "200", description = "The task, dispatched", content = @Content(schema = @Schema(implementation = TaskView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "Conflict")
    public TaskView retry(@PathParam("id") String id) {
        return tasks.retry(Caller.of(security), Ids.parse("id", id));
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "taskEvents", summary = "Follow a task live", description = EVENTS_DOC)
    @APIResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = "text/event-stream", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public Response events(@PathParam("id") String id,
                           @Parameter(description = "Resume after this event id") @HeaderParam("Last-Event-ID") String lastEventId) {
        UUID taskId = Ids.parse("id", id);
        Caller caller = Caller.of(security);
        tasks.get(caller, taskId); // 404 before the stream opens
        return eventStream.response(caller.organizationId(), taskId, lastEventId, TaskService::isLast, "task events");
    }
}
