package io.agentry.webhooks;

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

@ApplicationScoped
@Path("api/v1/hooks")
@Produces(MediaType.APPLICATION_JSON)
@Scoped("hooks")
@Tag(name = "Webhooks", description = "REST-hook subscriptions. Deliveries follow the Standard Webhooks specification: "
        + "headers webhook-id (the same on every attempt), webhook-timestamp (Unix seconds) and webhook-signature "
        + "(v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed with the subscription's secret), body {type, timestamp, data}. "
        + "A 2xx answer delivers; 410 disables the subscription; anything else is retried for about three days "
        + "(Retry-After honoured).")
@APIResponse(ref = "Unauthorized")
@APIResponse(ref = "Forbidden")
@APIResponse(ref = "RateLimited")
public class HookResource {

    private static final String EVENTS = "task.started, task.completed, task.failed, task.cancelled, run.started, "
            + "run.completed, run.failed, chat.completed, chat.failed, or * for all; the underscore spellings "
            + "(task_completed) are accepted too";

    @Inject
    HookService hooks;

    @Context
    SecurityContext security;

    @Schema(name = "HookInput", description = "Create: target_url and event are required. Update (PATCH): only the fields sent change.")
    public record HookInput(
            @Schema(maxLength = 2000, example = "https://hooks.zapier.com/hooks/standard/123/abc") String targetUrl,
            @Schema(maxLength = 40, example = "task.completed", description = EVENTS) String event,
            @Schema(maxLength = 500, nullable = true) String description,
            @Schema(enumeration = {"active", "paused"}, description = "PATCH only") String status) {
    }

    @GET
    @Operation(operationId = "listHooks", summary = "List webhook subscriptions")
    @APIResponse(responseCode = "200", description = "A page of subscriptions",
            content = @Content(schema = @Schema(implementation = HookView.class, type = SchemaType.ARRAY)))
    @APIResponse(ref = "BadRequest")
    public Page<HookView> list(@Parameter(ref = "limit") @QueryParam("limit") String limit,
                               @Parameter(ref = "cursor") @QueryParam("cursor") String cursor,
                               @Parameter(description = "active, paused or disabled") @QueryParam("status") String status) {
        return hooks.list(Caller.of(security), PageRequest.of(limit, cursor), status);
    }

    @POST
    @Operation(operationId = "createHook", summary = "Subscribe to an event",
            description = "The response carries the subscription's signing secret, shown only here. " + EVENTS + ".")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = HookInput.class)))
    @APIResponse(responseCode = "201", description = "Subscribed", content = @Content(schema = @Schema(implementation = HookView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "Conflict")
    @APIResponse(ref = "PayloadTooLarge")
    public Response create(InputStream body, @Context UriInfo uri) {
        HookView created = hooks.create(Caller.of(security), HookService.subscribe(JsonInput.read(body)));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getHook", summary = "Get a webhook subscription")
    @APIResponse(responseCode = "200", description = "The subscription", content = @Content(schema = @Schema(implementation = HookView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public HookView get(@PathParam("id") String id) {
        return hooks.get(Caller.of(security), Ids.parse("id", id));
    }

    @PATCH
    @Path("{id}")
    @Operation(operationId = "updateHook", summary = "Update a webhook subscription", description = "Only the fields sent change.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = HookInput.class)))
    @APIResponse(responseCode = "200", description = "The subscription", content = @Content(schema = @Schema(implementation = HookView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public HookView update(@PathParam("id") String id, InputStream body) {
        return hooks.update(Caller.of(security), Ids.parse("id", id), HookService.change(JsonInput.read(body)));
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteHook", summary = "Unsubscribe", description = "The delivery log goes with it.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public Response delete(@PathParam("id") String id) {
        hooks.delete(Caller.of(security), Ids.parse("id", id));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/pause")
    @Operation(operationId = "pauseHook", summary = "Pause a subscription", description = "Events while paused are not sent.")
    @APIResponse(responseCode = "200", description = "The subscription", content = @Content(schema = @Schema(implementation = HookView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public HookView pause(@PathParam("id") String id) {
        return hooks.setStatus(Caller.of(security), Ids.parse("id", id), "paused");
    }

    @POST
    @Path("{id}/resume")
    @Operation(operationId = "resumeHook", summary = "Resume a subscription", description = "Also after a 410 disabled it.")
    @APIResponse(responseCode = "200", description = "The subscription", content = @Content(schema = @Schema(implementation = HookView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public HookView resume(@PathParam("id") String id) {
        return hooks.setStatus(Caller.of(security), Ids.parse("id", id), "active");
    }

    @POST
    @Path("{id}/rotate-secret")
    @Operation(operationId = "rotateHookSecret", summary = "Rotate the signing secret",
            description = "The new secret is returned once and signs every attempt from now on, retries included.")
    @APIResponse(responseCode = "200", description = "The subscription with its new secret",
            content = @Content(schema = @Schema(implementation = HookView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public HookView rotate(@PathParam("id") String id) {
        return hooks.rotateSecret(Caller.of(security), Ids.parse("id", id));
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(operationId = "listHookDeliveries", summary = "The delivery log", description = "Newest first, each with its attempts.")
    @APIResponse(responseCode = "200", description = "A page of deliveries",
            content = @Content(schema = @Schema(implementation = DeliveryView.class, type = SchemaType.ARRAY)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public Page<DeliveryView> deliveries(@PathParam("id") String id,
                                         @Parameter(ref = "limit") @QueryParam("limit") String limit,
                                         @Parameter(ref = "cursor") @QueryParam("cursor") String cursor,
                                         @Parameter(description = "pending, delivered or failed") @QueryParam("status") String status) {
        return hooks.deliveries(Caller.of(security), Ids.parse("id", id), PageRequest.of(limit, cursor), status);
    }

    @GET
    @Path("{id}/deliveries/{deliveryId}")
    @Operation(operationId = "getHookDelivery", summary = "One delivery, with the message sent")
    @APIResponse(responseCode = "200", description = "The delivery", content = @Content(schema = @Schema(implementation = DeliveryView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public DeliveryView delivery(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return hooks.delivery(Caller.of(security), Ids.parse("id", id), Ids.parse("deliveryId", deliveryId));
    }

    @POST
    @Path("{id}/deliveries/{deliveryId}/redeliver")
    @Operation(operationId = "redeliverHookDelivery", summary = "Send a delivery again",
            description = "Same message and webhook-id, a new round of attempts.")
    @APIResponse(responseCode = "202", description = "Queued", content = @Content(schema = @Schema(implementation = DeliveryView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "Conflict")
    public Response redeliver(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        DeliveryView view = hooks.redeliver(Caller.of(security), Ids.parse("id", id), Ids.parse("deliveryId", deliveryId));
        return Response.accepted(view).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
