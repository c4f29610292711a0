package io.agentry.providers;

import io.agentry.http.ErrorBody;
import io.agentry.http.JsonInput;
import io.agentry.http.Page;
import io.agentry.http.auth.AdminOnly;
import io.agentry.http.auth.Caller;
import io.agentry.http.auth.Scoped;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

@ApplicationScoped // one instance: no per-request bean creation and injection
@Path("api/v1/providers")
@Produces(MediaType.APPLICATION_JSON)
@Scoped("agents")
@Tag(name = "Providers")
@APIResponse(ref = "Unauthorized")
@APIResponse(ref = "Forbidden")
@APIResponse(ref = "RateLimited")
public class ProviderResource {

    @Inject
    ProviderService providers;

    @Context
    SecurityContext security;

    @Schema(name = "ProviderSettingsInput", description = "Replaces the organization's settings for the provider. "
            + "Give api_key, base_url or both; what is left out is not taken from the server (a server key is never "
            + "sent to an organization's URL), except that a key alone goes to the server's base URL.")
    public record PutRequest(
            @Schema(nullable = true, maxLength = 1000, description = "Stored encrypted, never returned; not for ollama")
            String apiKey,
            @Schema(nullable = true, maxLength = 2000, example = "https://api.groq.com/openai/v1",
                    description = "http(s); must resolve to a public address unless the server allows loopback or private networks")
            String baseUrl) {
    }

    @GET
    @Operation(operationId = "listProviders", summary = "List the providers and how this organization reaches each")
    @APIResponse(responseCode = "200", description = "One entry per provider",
            content = @Content(schema = @Schema(implementation = ProviderView.class, type = SchemaType.ARRAY)))
    public Page<ProviderView> list() {
        return providers.list(Caller.of(security));
    }

    @GET
    @Path("{provider}")
    @Operation(operationId = "getProvider", summary = "How this organization reaches a provider")
    @APIResponse(responseCode = "200", description = "The provider's settings", content = @Content(schema = @Schema(implementation = ProviderView.class)))
    @APIResponse(ref = "NotFound")
    public ProviderView get(@Parameter(description = "openai, anthropic, ollama or openai_compatible") @PathParam("provider") String provider) {
        return providers.get(Caller.of(security), ProviderService.provider(provider));
    }

    @PUT
    @Path("{provider}")
    @AdminOnly
    @Operation(operationId = "putProvider", summary = "Set the organization's own key and/or base URL for a provider (admins)",
            description = "The organization's agents then call the provider with these instead of the server's settings.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = PutRequest.class)))
    @APIResponse(responseCode = "200", description = "The provider's settings", content = @Content(schema = @Schema(implementation = ProviderView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(responseCode = "503", description = "The server has no secrets key to seal API keys with (AGENTRY_SECRETS_KEY)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public ProviderView put(@PathParam("provider") String provider, InputStream body) {
        return providers.put(Caller.of(security), ProviderService.provider(provider), JsonInput.read(body));
    }

    @DELETE
    @Path("{provider}")
    @AdminOnly
    @Operation(operationId = "deleteProvider", summary = "Remove the organization's own settings for a provider (admins)",
            description = "The organization's agents go back to the server's settings.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(ref = "NotFound")
    public Response delete(@PathParam("provider") String provider) {
        providers.delete(Caller.of(security), ProviderService.provider(provider));
        return Response.noContent().build();
    }
}
