package io.agentry.conversations;

import io.agentry.http.Ids;
import io.agentry.http.JsonInput;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("api/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
@io.agentry.http.auth.Scoped("conversations")
@Tag(name = "Conversations")
@APIResponse(ref = "Unauthorized")
@APIResponse(ref = "Forbidden")
@APIResponse(ref = "RateLimited")
public class ConversationResource {

    @Inject
    ConversationService conversations;

    @Context
    SecurityContext security;

    @Schema(name = "ConversationInput", description = "Only the fields sent change; a null title clears it.")
    public record ConversationInput(
            @Schema(maxLength = 500, nullable = true) String title,
            @Schema(enumeration = {"open", "archived"}) String status,
            @Schema(type = SchemaType.OBJECT, description = "Replaces the metadata object") Object metadata) {
    }

    @GET
    @Operation(operationId = "listConversations", summary = "List conversations", description = "Newest first, cursor-paginated.")
    @APIResponse(responseCode = "200", description = "A page of conversations",
            content = @Content(schema = @Schema(implementation = ConversationView.class, type = SchemaType.ARRAY)))
    @APIResponse(ref = "BadRequest")
    public Page<ConversationView> list(@Parameter(ref = "limit") @QueryParam("limit") String limit,
                                       @Parameter(ref = "cursor") @QueryParam("cursor") String cursor,
                                       @Parameter(description = "Only this agent's conversations") @QueryParam("agent_id") String agentId,
                                       @Parameter(description = "open or archived") @QueryParam("status") String status,
                                       @Parameter(description = "Only conversations changed at or after this ISO-8601 timestamp (a date: its start in UTC)")
                                       @QueryParam("updated_since") String updatedSince) {
        return conversations.list(Caller.of(security), PageRequest.of(limit, cursor),
                ConversationService.filter(agentId, status, updatedSince));
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getConversation", summary = "Get a conversation")
    @APIResponse(responseCode = "200", description = "The conversation", content = @Content(schema = @Schema(implementation = ConversationView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public ConversationView get(@PathParam("id") String id) {
        return conversations.get(Caller.of(security), Ids.parse("id", id));
    }

    @PATCH
    @Path("{id}")
    @Operation(operationId = "updateConversation", summary = "Update a conversation's title, status or metadata")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = ConversationInput.class)))
    @APIResponse(responseCode = "200", description = "The updated conversation", content = @Content(schema = @Schema(implementation = ConversationView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public ConversationView update(@PathParam("id") String id, InputStream body) {
        return conversations.update(Caller.of(security), Ids.parse("id", id), JsonInput.read(body));
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteConversation", summary = "Delete a conversation and its messages")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public Response delete(@PathParam("id") String id) {
        conversations.delete(Caller.of(security), Ids.parse("id", id));
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/messages")
    @Operation(operationId = "listMessages", summary = "List a conversation's messages", description = "Oldest first, cursor-paginated.")
    @APIResponse(responseCode = "200", description = "A page of messages",
            content = @Content(schema = @Schema(implementation = MessageView.class, type = SchemaType.ARRAY)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public Page<MessageView> messages(@PathParam("id") String id,
                                      @Parameter(ref = "limit") @QueryParam("limit") String limit,
                                      @Parameter(ref = "cursor") @QueryParam("cursor") String cursor) {
        return conversations.messages(Caller.of(security), Ids.parse("id", id), PageRequest.of(limit, cursor));
    }
}
