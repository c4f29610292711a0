package io.agentry.runs;

import io.agentry.events.EventStream;
import io.agentry.http.Ids;
import io.agentry.http.JsonInput;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.auth.Caller;
import io.agentry.http.auth.Scoped;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
@Path("api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Scoped("runs")
@Tag(name = "Runs", description = "A team working on one input task as a pipeline, under an orchestrating lead, or in a "
        + "collaboration: started at once (pending, running, paused for a review, then completed, failed or cancelled), "
        + "durable across restarts, followed live over Server-Sent Events.")
@APIResponse(ref = "Unauthorized")
@APIResponse(ref = "Forbidden")
@APIResponse(ref = "RateLimited")
public class RunResource {

    private static final String EVENTS_DOC = "Server-Sent Events of the run, each with an id (send the last one back as "
            + "Last-Event-ID to resume): `status` {status, current_step, error, output, at} at every change; for a pipeline "
            + "`step_started` {step, step_name, agent_id, attempt} and `step_finished` {step, step_name, status completed|"
            + "retrying|skipped|failed, output or error}, and `paused` {step, output} without auto_handoff; for an "
            + "orchestrator `delegation` {round, call_id, member, member_agent_id, task, context, expected_output} and "
            + "`delegation_result` {round, call_id, member, status, output}; for a collaboration `turn` {turn, agent_id, "
            + "agent_name, content}; `delta` {text, and the step, round or turn} as answers arrive; `tool_call` and "
            + "`tool_result` around an agent's own tools; and `done` (the final status, with the output) when the run "
            + "completes, fails or is cancelled, which ends the stream. Comment lines keep an idle connection alive. "
            + "An organization may have at most AGENTRY_EVENTS_MAX_STREAMS_PER_ORGANIZATION (100) streams open on one "
            + "server (429 with Retry-After above it).";

    @Inject
    RunService runs;

    @Inject
    EventStream eventStream;

    @Context
    SecurityContext security;

    @Schema(name = "RunInput")
    public record RunInputSchema(
            @Schema(required = true, description = "One of the organization's teams") UUID teamId,
            @Schema(required = true, maxLength = 100000, example = "Research the latest trends in AI agent frameworks")
            String inputTask,
            @Schema(description = "Optional; must be the caller's organization") UUID workspaceId) {
    }

    @Schema(name = "RunResumeInput", description = "Optional body: without it the next step receives the last step's output")
    public record ResumeSchema(@Schema(maxLength = 100000, description = "What the next step receives instead") String output) {
    }

    @GET
    @Operation(operationId = "listRuns", summary = "List runs", description = "Newest first, cursor-paginated, without messages.")
    @APIResponse(responseCode = "200", description = "A page of runs",
            content = @Content(schema = @Schema(implementation = RunView.class, type = SchemaType.ARRAY)))
    @APIResponse(ref = "BadRequest")
    public Page<RunView> list(@Parameter(ref = "limit") @QueryParam("limit") String limit,
                              @Parameter(ref = "cursor") @QueryParam("cursor") String cursor,
                              @Parameter(description = "Runs of this team") @QueryParam("team_id") String teamId,
                              @Parameter(description = "pending, running, paused, completed, failed or cancelled")
                              @QueryParam("status") String status) {
        return runs.list(Caller.of(security), PageRequest.of(limit, cursor), RunInput.filter(teamId, status));
    }

    @POST
    @Operation(operationId = "startRun", summary = "Start a team run",
            description = "The team's configuration is copied: editing or deleting the team later does not change the run.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunInputSchema.class)))
    @APIResponse(responseCode = "202", description = "Accepted: the run, pending", content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "Conflict")
    @APIResponse(ref = "PayloadTooLarge")
    public Response start(InputStream body, @Context UriInfo uri) {
        Caller caller = Caller.of(security);
        RunView run = runs.start(caller, RunInput.create(caller, JsonInput.read(body)));
        return Response.accepted(run).location(uri.getAbsolutePathBuilder().path(run.id().toString()).build()).build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getRun", summary = "Get a run with its messages")
    @APIResponse(responseCode = "200", description = "The run", content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public RunView get(@PathParam("id") String id) {
        return runs.get(Caller.of(security), Ids.parse("id", id));
    }

    @POST
    @Path("{id}/cancel")
    @Operation(operationId = "cancelRun", summary = "Cancel a run",
            description = "Its model calls and delegations stop within a second or two; it stays cancelled.")
    @APIResponse(responseCode = "200", description = "The cancelled run", content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "Conflict")
    public RunView cancel(@PathParam("id") String id) {
        return runs.cancel(Caller.of(security), Ids.parse("id", id));
    }

    @POST
    @Path("{id}/resume")
    @Operation(operationId = "resumeRun", summary = "Resume a paused run",
            description = "A pipeline without auto_handoff pauses after each step; this hands the step's output (or the "
                    + "edited output sent) to the next step.")
    @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = ResumeSchema.class)))
    @APIResponse(responseCode = "200", description = "The run, running again", content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "Conflict")
    public RunView resume(@PathParam("id") String id, InputStream body) {
        UUID runId = Ids.parse("id", id);
        return runs.resume(Caller.of(security), runId, RunInput.resumeOutput(JsonInput.readOptional(body)));
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "runEvents", summary = "Follow a run live", description = EVENTS_DOC)
    @APIResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = "text/event-stream", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public Response events(@PathParam("id") String id,
                           @Parameter(description = "Resume after this event id") @HeaderParam("Last-Event-ID") String lastEventId) {
        UUID runId = Ids.parse("id", id);
        Caller caller = Caller.of(security);
        runs.requireVisible(caller, runId);
        return eventStream.response(caller.organizationId(), runId, lastEventId, RunService::isLast, "run events");
    }
}
