package io.agentry.agents;

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

@ApplicationScoped // one instance: no per-request bean creation and injection
@Path("api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Scoped("agents")
@Tag(name = "Agents")
@APIResponse(ref = "Unauthorized")
@APIResponse(ref = "Forbidden")
@APIResponse(ref = "RateLimited")
public class AgentResource {

    @Inject
    AgentService agents;

    @Context
    SecurityContext security;

    @Schema(name = "AgentInput", description = "Create: name is required; model defaults to the server's default model "
            + "and provider is inferred from the model when left out. Update (PATCH): only the fields sent change; "
            + "null clears an optional field.")
    public record AgentInput(
            @Schema(maxLength = 200, example = "Code Reviewer") String name,
            @Schema(maxLength = 5000, nullable = true) String description,
            @Schema(enumeration = {"openai", "anthropic", "ollama", "openai_compatible"}) String provider,
            @Schema(maxLength = 200, example = "claude-sonnet-4-20250514") String model,
            @Schema(maxLength = 100000, nullable = true) String systemPrompt,
            @Schema(minimum = "0", maximum = "2", nullable = true) Double temperature,
            @Schema(minimum = "1", maximum = "1000000", nullable = true) Integer maxTokens,
            @Schema(maxItems = 50) List<String> tools,
            @Schema(maxItems = 50) List<String> tags,
            @Schema(maxItems = 20) List<UUID> knowledgeBaseIds,
            @Schema(enumeration = {"idle", "busy", "offline"}, defaultValue = "idle") String status,
            @Schema(name = "is_marketplace", defaultValue = "false") Boolean marketplace,
            @Schema(description = "Optional; must be the caller's organization (accepted for CrewForm clients)") UUID workspaceId) {
    }

    @GET
    @Operation(operationId = "listAgents", summary = "List agents", description = "Newest first, cursor-paginated, optionally filtered.")
    @APIResponse(responseCode = "200", description = "A page of agents",
            content = @Content(schema = @Schema(implementation = AgentView.class, type = SchemaType.ARRAY)))
    @APIResponse(ref = "BadRequest")
    public Page<AgentView> list(@Parameter(ref = "limit") @QueryParam("limit") String limit,
                                @Parameter(ref = "cursor") @QueryParam("cursor") String cursor,
                                @Parameter(description = "idle, busy or offline") @QueryParam("status") String status,
                                @Parameter(description = "Agents carrying this tag") @QueryParam("tag") String tag,
                                @Parameter(description = "openai, anthropic, ollama or openai_compatible") @QueryParam("provider") String provider,
                                @Parameter(description = "true: marketplace agents only") @QueryParam("is_marketplace") String marketplace) {
        return agents.list(Caller.of(security), PageRequest.of(limit, cursor),
                AgentService.filter(status, tag, provider, marketplace));
    }

    @POST
    @Operation(operationId = "createAgent", summary = "Create an agent")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = AgentInput.class)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = AgentView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "PayloadTooLarge")
    @APIResponse(ref = "Unprocessable")
    @APIResponse(ref = "Conflict")
    public Response create(InputStream body, @Context UriInfo uri) {
        AgentView created = agents.create(Caller.of(security), JsonInput.read(body));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getAgent", summary = "Get an agent")
    @APIResponse(responseCode = "200", description = "The agent", content = @Content(schema = @Schema(implementation = AgentView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public AgentView get(@PathParam("id") String id) {
        return agents.get(Caller.of(security), Ids.parse("id", id));
    }

    @PATCH
    @Path("{id}")
    @Operation(operationId = "updateAgent", summary = "Update an agent", description = "Only the fields sent change.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = AgentInput.class)))
    @APIResponse(responseCode = "200", description = "The updated agent", content = @Content(schema = @Schema(implementation = AgentView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public AgentView update(@PathParam("id") String id, InputStream body) {
        return agents.update(Caller.of(security), Ids.parse("id", id), JsonInput.read(body));
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteAgent", summary = "Delete an agent",
            description = "Its conversations go with it. An agent a team's configuration names cannot be deleted (409) "
                    + "until the team no longer names it.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "Conflict")
    public Response delete(@PathParam("id") String id) {
        agents.delete(Caller.of(security), Ids.parse("id", id));
        return Response.noContent().build();
    }
}
