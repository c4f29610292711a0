package io.agentry.usage;

import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.auth.Caller;
import io.agentry.http.auth.Scoped;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("api/v1/usage")
@Produces(MediaType.APPLICATION_JSON)
@Scoped("usage")
@Tag(name = "Usage")
@APIResponse(ref = "Unauthorized")
@APIResponse(ref = "Forbidden")
@APIResponse(ref = "RateLimited")
public class UsageResource {

    @Inject
    UsageService usage;

    @Context
    SecurityContext security;

    @GET
    @Operation(operationId = "listUsage", summary = "List usage records", description = "One record per model call, newest first.")
    @APIResponse(responseCode = "200", description = "A page of usage records",
            content = @Content(schema = @Schema(implementation = UsageRecordView.class, type = SchemaType.ARRAY)))
    @APIResponse(ref = "BadRequest")
    public Page<UsageRecordView> list(@Parameter(ref = "limit") @QueryParam("limit") String limit,
                                      @Parameter(ref = "cursor") @QueryParam("cursor") String cursor,
                                      @Parameter(description = "Start (inclusive): a date (UTC) or ISO-8601 timestamp") @QueryParam("from") String from,
                                      @Parameter(description = "End (exclusive): a date (UTC) or ISO-8601 timestamp") @QueryParam("to") String to,
                                      @QueryParam("agent_id") String agentId,
                                      @QueryParam("token_id") String tokenId,
                                      @QueryParam("conversation_id") String conversationId,
                                      @QueryParam("model") String model,
                                      @QueryParam("provider") String provider,
                                      @Parameter(description = "Calls made for this task") @QueryParam("task_id") String taskId,
                                      @Parameter(description = "Calls made for this team run") @QueryParam("team_run_id") String teamRunId) {
        return usage.list(Caller.of(security), PageRequest.of(limit, cursor),
                UsageService.filter(from, to, agentId, tokenId, conversationId, model, provider, taskId, teamRunId));
    }

    @GET
    @Path("summary")
    @Operation(operationId = "summarizeUsage", summary = "Aggregate usage", description = "Totals and per-group figures "
            + "(requests, tokens, estimated cost) by agent, model, provider, token or day, over the same filters as the list.")
    @APIResponse(responseCode = "200", description = "The summary", content = @Content(schema = @Schema(implementation = UsageSummary.class)))
    @APIResponse(ref = "BadRequest")
    public UsageSummary summary(@Parameter(required = true, description = "agent, model, provider, token or day")
                                @QueryParam("group_by") String groupBy,
                                @QueryParam("from") String from,
                                @QueryParam("to") String to,
                                @QueryParam("agent_id") String agentId,
                                @QueryParam("token_id") String tokenId,
                                @QueryParam("conversation_id") String conversationId,
                                @QueryParam("model") String model,
                                @QueryParam("provider") String provider,
                                @QueryParam("task_id") String taskId,
                                @QueryParam("team_run_id") String teamRunId) {
        return usage.summary(Caller.of(security),
                UsageService.filter(from, to, agentId, tokenId, conversationId, model, provider, taskId, teamRunId), groupBy);
    }
}
