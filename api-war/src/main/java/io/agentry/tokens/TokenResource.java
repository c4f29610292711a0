package io.agentry.tokens;

import io.agentry.http.Ids;
import io.agentry.http.JsonInput;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.auth.AdminOnly;
import io.agentry.http.auth.Caller;
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
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped // one instance: no per-request bean creation and injection
@Path("api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@AdminOnly
@Tag(name = "Tokens")
@APIResponse(ref = "Unauthorized")
@APIResponse(ref = "Forbidden")
@APIResponse(ref = "RateLimited")
public class TokenResource {

    @Inject
    TokenService tokens;

    @Context
    SecurityContext security;

    @Schema(name = "TokenCreate")
    public record CreateRequest(
            @Schema(required = true, maxLength = 200, example = "Marketing site integration") String name,
            @Schema(description = "Default [read, write]. read/write for every family, <family>:read|write for one "
                    + "(agents, chat, conversations, bases, tasks, teams, runs, hooks, usage, marketplace, organizations), "
                    + "admin for tokens and members, system (system administrators only)") List<String> scopes,
            @Schema(description = "Optional expiry") OffsetDateTime expiresAt,
            @Schema(description = "How the secret starts (default pk_): cf_ and crfm_ are the prefixes of CrewForm's "
                    + "v2 and legacy API keys, for scripts that check a key's shape", enumeration = {"pk_", "cf_", "crfm_"})
            String keyPrefix) {
    }

    @Schema(name = "TokenUpdate")
    public record UpdateRequest(@Schema String name, @Schema(enumeration = {"active", "revoked"},
            description = "Set to revoked to revoke; a revoked token cannot become active again") String status) {
    }

    @GET
    @Operation(operationId = "listTokens", summary = "List the organization's API tokens", description = "Newest first. The secret is never shown; `prefix` identifies a token.")
    @APIResponse(responseCode = "200", description = "A page of tokens",
            content = @Content(schema = @Schema(implementation = TokenView.class, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY)))
    @APIResponse(ref = "BadRequest")
    public Page<TokenView> list(@Parameter(ref = "limit") @QueryParam("limit") String limit,
                                @Parameter(ref = "cursor") @QueryParam("cursor") String cursor,
                                @Parameter(description = "active or revoked") @QueryParam("status") String status) {
        return tokens.list(Caller.of(security), PageRequest.of(limit, cursor), status);
    }

    @POST
    @Operation(operationId = "createToken", summary = "Create an API token", description = "The response's `token` is the full secret, shown only this once.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = CreateRequest.class)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = TokenView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "Unprocessable")
    @APIResponse(ref = "Conflict")
    public Response create(InputStream body, @Context UriInfo uri) {
        TokenView created = tokens.create(Caller.of(security), JsonInput.read(body));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getToken", summary = "Get an API token")
    @APIResponse(responseCode = "200", description = "The token", content = @Content(schema = @Schema(implementation = TokenView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public TokenView get(@PathParam("id") String id) {
        return tokens.get(Caller.of(security), Ids.parse("id", id));
    }

    @PATCH
    @Path("{id}")
    @Operation(operationId = "updateToken", summary = "Rename or revoke an API token")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = UpdateRequest.class)))
    @APIResponse(responseCode = "200", description = "The token", content = @Content(schema = @Schema(implementation = TokenView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "Conflict")
    public TokenView update(@PathParam("id") String id, InputStream body) {
        return tokens.update(Caller.of(security), Ids.parse("id", id), JsonInput.read(body));
    }

    @POST
    @Path("{id}/revoke")
    @Operation(operationId = "revokeToken", summary = "Revoke an API token", description = "Final: the token stops working at once; its record, call count and last use are kept.")
    @APIResponse(responseCode = "200", description = "The revoked token", content = @Content(schema = @Schema(implementation = TokenView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public TokenView revoke(@PathParam("id") String id) {
        return tokens.revoke(Caller.of(security), Ids.parse("id", id));
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteToken", summary = "Delete an API token", description = "Removes the token and its record.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public Response delete(@PathParam("id") String id) {
        tokens.delete(Caller.of(security), Ids.parse("id", id));
        return Response.noContent().build();
    }
}
