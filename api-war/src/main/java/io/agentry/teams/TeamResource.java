package io.agentry.teams;

import io.agentry.http.Ids;
import io.agentry.http.JsonInput;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.WireEnum;
import io.agentry.http.auth.Caller;
import io.agentry.http.auth.Scoped;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import java.util.List;
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
@Path("api/v1/teams")
@Produces(MediaType.APPLICATION_JSON)
@Scoped("teams")
@Tag(name = "Teams", description = "Agents working together: a pipeline of steps, a lead orchestrating members through "
        + "delegation tools, or a collaboration taking turns. The configuration is validated for its mode.")
@APIResponse(ref = "Unauthorized")
@APIResponse(ref = "Forbidden")
@APIResponse(ref = "RateLimited")
public class TeamResource {

    @Inject
    TeamService teams;

    @Context
    SecurityContext security;

    @Schema(name = "PipelineStep")
    public record PipelineStepSchema(
            @Schema(required = true) UUID agentId,
            @Schema(maxLength = 200, description = "Default: Step <n>") String stepName,
            @Schema(maxLength = 20000, description = "What this step's agent is to do") String instructions,
            @Schema(maxLength = 20000) String expectedOutput,
            @Schema(enumeration = {"retry", "skip", "stop"}, defaultValue = "stop") String onFailure,
            @Schema(minimum = "0", maximum = "10", defaultValue = "2", description = "Retries when on_failure is retry") Integer maxRetries) {
    }

    @Schema(name = "TeamConfig", description = "By mode. pipeline: steps (1-20), auto_handoff (default true; false pauses "
            + "after each step for review). orchestrator: lead_agent_id, member_agent_ids (1-20, not the lead), "
            + "max_delegations (1-100, default 10). collaboration: member_agent_ids (2-20), speaker_selection, termination, "
            + "facilitator_agent_id (required with speaker_selection facilitator or termination facilitator_decision), "
            + "max_turns (1-100, default 10). Unknown keys are refused; every agent must be the organization's own.")
    public record TeamConfigSchema(
            @Schema(description = "pipeline") List<PipelineStepSchema> steps,
            @Schema(description = "pipeline", defaultValue = "true") Boolean autoHandoff,
            @Schema(description = "orchestrator") UUID leadAgentId,
            @Schema(description = "orchestrator, collaboration") List<UUID> memberAgentIds,
            @Schema(description = "orchestrator", minimum = "1", maximum = "100", defaultValue = "10") Integer maxDelegations,
            @Schema(description = "collaboration", enumeration = {"round_robin", "llm_select", "facilitator"},
                    defaultValue = "round_robin") String speakerSelection,
            @Schema(description = "collaboration", enumeration = {"max_turns", "consensus", "facilitator_decision"},
                    defaultValue = "max_turns") String termination,
            @Schema(description = "collaboration") UUID facilitatorAgentId,
            @Schema(description = "collaboration", minimum = "1", maximum = "100", defaultValue = "10") Integer maxTurns) {
    }

    @Schema(name = "TeamInput", description = "Create: name is required, mode defaults to pipeline, config is required "
            + "except for a pipeline (which then waits for its steps). Update (PATCH): only the fields sent change; a config "
            + "replaces the old one whole; changing the mode needs a config for it.")
    public record TeamInputSchema(
            @Schema(maxLength = 200, example = "Content Pipeline") String name,
            @Schema(maxLength = 2000, nullable = true) String description,
            @Schema(enumeration = {"pipeline", "orchestrator", "collaboration"}, defaultValue = "pipeline") String mode,
            @Schema(implementation = TeamConfigSchema.class) Object config,
            @Schema(description = "Optional; must be the caller's organization") UUID workspaceId) {
    }

    @GET
    @Operation(operationId = "listTeams", summary = "List teams", description = "Newest first, with their members, cursor-paginated.")
    @APIResponse(responseCode = "200", description = "A page of teams",
            content = @Content(schema = @Schema(implementation = TeamView.class, type = SchemaType.ARRAY)))
    @APIResponse(ref = "BadRequest")
    public Page<TeamView> list(@Parameter(ref = "limit") @QueryParam("limit") String limit,
                               @Parameter(ref = "cursor") @QueryParam("cursor") String cursor,
                               @Parameter(description = "pipeline, orchestrator or collaboration") @QueryParam("mode") String mode) {
        return teams.list(Caller.of(security), PageRequest.of(limit, cursor),
                mode == null ? null : WireEnum.parse("mode", TeamMode.class, mode));
    }

    @POST
    @Operation(operationId = "createTeam", summary = "Create a team")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = TeamInputSchema.class)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "PayloadTooLarge")
    public Response create(InputStream body, @Context UriInfo uri) {
        Caller caller = Caller.of(security);
        TeamView created = teams.create(caller, TeamInput.create(caller, JsonInput.read(body)));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getTeam", summary = "Get a team")
    @APIResponse(responseCode = "200", description = "The team", content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public TeamView get(@PathParam("id") String id) {
        return teams.get(Caller.of(security), Ids.parse("id", id));
    }

    @PATCH
    @Path("{id}")
    @Operation(operationId = "updateTeam", summary = "Update a team")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = TeamInputSchema.class)))
    @APIResponse(responseCode = "200", description = "The team", content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "Conflict")
    @APIResponse(ref = "PayloadTooLarge")
    public TeamView update(@PathParam("id") String id, InputStream body) {
        Caller caller = Caller.of(security);
        UUID teamId = Ids.parse("id", id);
        JsonInput input = JsonInput.read(body);
        return teams.update(caller, teamId, mode -> TeamInput.change(caller, input, mode));
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteTeam", summary = "Delete a team")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public Response delete(@PathParam("id") String id) {
        teams.delete(Caller.of(security), Ids.parse("id", id));
        return Response.noContent().build();
    }
}
