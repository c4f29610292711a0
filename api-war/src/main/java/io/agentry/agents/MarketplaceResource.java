package io.agentry.agents;

import io.agentry.http.Ids;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.auth.Caller;
import io.agentry.http.auth.Scoped;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("api/v1/marketplace")
@Produces(MediaType.APPLICATION_JSON)
@Scoped("marketplace")
@Tag(name = "Marketplace", description = "Agents published by their organizations' admins (is_marketplace), for every organization")
@APIResponse(ref = "Unauthorized")
@APIResponse(ref = "Forbidden")
@APIResponse(ref = "RateLimited")
public class MarketplaceResource {

    @Inject
    Marketplace marketplace;

    @Context
    SecurityContext security;

    @GET
    @Operation(operationId = "listMarketplaceAgents", summary = "Browse the marketplace",
            description = "Published agents of every organization, newest first, with their published fields only.")
    @APIResponse(responseCode = "200", description = "A page of published agents",
            content = @Content(schema = @Schema(implementation = MarketplaceAgentView.class, type = SchemaType.ARRAY)))
    @APIResponse(ref = "BadRequest")
    public Page<MarketplaceAgentView> list(@Parameter(ref = "limit") @QueryParam("limit") String limit,
                                           @Parameter(ref = "cursor") @QueryParam("cursor") String cursor,
                                           @Parameter(description = "Agents carrying this tag") @QueryParam("tag") String tag) {
        Caller.of(security); // authenticated, whatever the organization
        return marketplace.list(PageRequest.of(limit, cursor), tag);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getMarketplaceAgent", summary = "A published agent")
    @APIResponse(responseCode = "200", description = "The published agent",
            content = @Content(schema = @Schema(implementation = MarketplaceAgentView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public MarketplaceAgentView get(@PathParam("id") String id) {
        Caller.of(security);
        return marketplace.get(Ids.parse("id", id));
    }

    @POST
    @Path("{id}/install")
    @Operation(operationId = "installMarketplaceAgent", summary = "Install a published agent",
            description = "Copies it into the caller's organization (unpublished, without knowledge bases) and counts the "
                    + "install. Needs the agents:write scope too.")
    @APIResponse(responseCode = "201", description = "The caller's new agent",
            content = @Content(schema = @Schema(implementation = AgentView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public Response install(@PathParam("id") String id, @Context UriInfo uri) {
        AgentView installed = marketplace.install(Caller.of(security), Ids.parse("id", id));
        return Response.created(uri.getBaseUriBuilder().path("api/v1/agents").path(installed.id().toString()).build())
                .entity(installed).build();
    }
}
