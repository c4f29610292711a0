package io.agentry.organizations;

import io.agentry.http.ApiHeaders;
import io.agentry.http.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped // one instance: no per-request bean creation and injection
@Path("api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Identity")
public class MeResource {

    @Inject
    MeService me;

    @Context
    SecurityContext security;

    @GET
    @Operation(operationId = "getMe", summary = "The caller: user, organization, plan, role, scopes and API version")
    @APIResponse(responseCode = "200", description = "The caller", content = @Content(schema = @Schema(implementation = MeView.class)))
    @APIResponse(ref = "Unauthorized")
    @APIResponse(ref = "RateLimited")
    public MeView get(@HeaderParam(ApiHeaders.API_VERSION) String version) {
        // The request filter has already refused any value other than 1 or 2.
        return me.describe(Caller.of(security), version != null && version.trim().equals("2") ? 2 : 1);
    }
}
