package io.agentry.organizations;

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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped // one instance: no per-request bean creation and injection
@Path("api/v1/organizations")
@Produces(MediaType.APPLICATION_JSON)
@Scoped("organizations")
@Tag(name = "Organizations")
@APIResponse(ref = "Unauthorized")
@APIResponse(ref = "Forbidden")
@APIResponse(ref = "RateLimited")
public class OrganizationResource {

    @Inject
    OrganizationService organizations;

    @Context
    SecurityContext security;

    @Schema(name = "OrganizationCreate")
    public record CreateRequest(
            @Schema(required = true, maxLength = 200) String name,
            @Schema(enumeration = {"free", "pro", "team", "enterprise"}, defaultValue = "free") String plan,
            @Schema(nullable = true, minimum = "1") Integer rateLimitPerMinute,
            @Schema(nullable = true) String ownerEmail,
            @Schema(nullable = true) String ownerName) {
    }

    @Schema(name = "OrganizationUpdate", description = "name: admins and owners; plan and rate_limit_per_minute: system administrators")
    public record UpdateRequest(@Schema String name, @Schema(enumeration = {"free", "pro", "team", "enterprise"}) String plan,
                                @Schema(nullable = true, minimum = "1") Integer rateLimitPerMinute) {
    }

    @Schema(name = "MemberInput")
    public record MemberRequest(@Schema(description = "Required when adding") String email, @Schema String name,
                                @Schema(enumeration = {"owner", "admin", "member"}, defaultValue = "member") String role) {
    }

    @GET
    @Operation(operationId = "listOrganizations", summary = "List organizations", description = "System administrators see all; others their own.")
    @APIResponse(responseCode = "200", description = "A page of organizations",
            content = @Content(schema = @Schema(implementation = OrganizationView.class, type = SchemaType.ARRAY)))
    @APIResponse(ref = "BadRequest")
    public Page<OrganizationView> list(@Parameter(ref = "limit") @QueryParam("limit") String limit,
                                       @Parameter(ref = "cursor") @QueryParam("cursor") String cursor) {
        return organizations.list(Caller.of(security), PageRequest.of(limit, cursor));
    }

    @POST
    @Operation(operationId = "createOrganization", summary = "Create an organization (system administrators)",
            description = "Creates the organization, its owner and an admin token for the owner, shown once.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = CreateRequest.class)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = CreatedOrganization.class)))
    @APIResponse(ref = "BadRequest")
    public Response create(InputStream body, @Context UriInfo uri) {
        CreatedOrganization created = organizations.create(Caller.of(security), JsonInput.read(body));
        return Response.created(uri.getAbsolutePathBuilder().path(created.organization().id().toString()).build())
                .entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getOrganization", summary = "Get an organization")
    @APIResponse(responseCode = "200", description = "The organization", content = @Content(schema = @Schema(implementation = OrganizationView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public OrganizationView get(@PathParam("id") String id) {
        return organizations.get(Caller.of(security), Ids.parse("id", id));
    }

    @PATCH
    @Path("{id}")
    @Operation(operationId = "updateOrganization", summary = "Rename an organization or change its plan")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = UpdateRequest.class)))
    @APIResponse(responseCode = "200", description = "The organization", content = @Content(schema = @Schema(implementation = OrganizationView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public OrganizationView update(@PathParam("id") String id, InputStream body) {
        return organizations.update(Caller.of(security), Ids.parse("id", id), JsonInput.read(body));
    }

    @GET
    @Path("{id}/members")
    @Operation(operationId = "listMembers", summary = "List members")
    @APIResponse(responseCode = "200", description = "A page of members",
            content = @Content(schema = @Schema(implementation = MemberView.class, type = SchemaType.ARRAY)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public Page<MemberView> members(@PathParam("id") String id,
                                    @Parameter(ref = "limit") @QueryParam("limit") String limit,
                                    @Parameter(ref = "cursor") @QueryParam("cursor") String cursor) {
        return organizations.members(Caller.of(security), Ids.parse("id", id), PageRequest.of(limit, cursor));
    }

    @POST
    @Path("{id}/members")
    @Operation(operationId = "addMember", summary = "Add a member (admins and owners)")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = MemberRequest.class)))
    @APIResponse(responseCode = "201", description = "Added", content = @Content(schema = @Schema(implementation = MemberView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "Conflict")
    public Response addMember(@PathParam("id") String id, InputStream body) {
        return Response.status(201).entity(organizations.addMember(Caller.of(security), Ids.parse("id", id),
                JsonInput.read(body))).build();
    }

    @PATCH
    @Path("{id}/members/{userId}")
    @Operation(operationId = "updateMember", summary = "Change a member's role (admins and owners; owners for the owner role)")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = MemberRequest.class)))
    @APIResponse(responseCode = "200", description = "The member", content = @Content(schema = @Schema(implementation = MemberView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "Conflict")
    public MemberView changeRole(@PathParam("id") String id, @PathParam("userId") String userId, InputStream body) {
        return organizations.changeRole(Caller.of(security), Ids.parse("id", id), Ids.parse("userId", userId),
                JsonInput.read(body));
    }

    @DELETE
    @Path("{id}/members/{userId}")
    @Operation(operationId = "removeMember", summary = "Remove a member")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "Conflict")
    public Response removeMember(@PathParam("id") String id, @PathParam("userId") String userId) {
        organizations.removeMember(Caller.of(security), Ids.parse("id", id), Ids.parse("userId", userId));
        return Response.noContent().build();
    }
}
