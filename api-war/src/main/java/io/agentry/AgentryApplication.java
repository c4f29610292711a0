package io.agentry;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.agentry.http.ErrorBody;

/**
 * The JAX-RS application. Every resource lives under {@code /api/v1} (and, through the SquadOS
 * alias, {@code /functions/v1/api/v1}). The OpenAPI definition below holds what every operation
 * shares: security schemes, standard error responses and common headers.
 */
@ApplicationPath("/")
@OpenAPIDefinition(
        info = @Info(title = "Agentry API", version = "1",
                description = "Self-hostable multi-agent AI platform. Send `X-API-Version: 2` for the "
                        + "{data, meta} envelope; without it responses are the raw resource or array. "
                        + "Lists are cursor-paginated (`limit` default 50, max 100; `cursor` = previous `next_cursor`). "
                        + "Every response carries X-Request-Id and, when authenticated, X-RateLimit-Limit/Remaining/Reset.",
                license = @License(name = "Apache-2.0")),
        security = {@SecurityRequirement(name = "bearer"), @SecurityRequirement(name = "apiKey")},
        tags = {
                @Tag(name = "Agents", description = "Agents: model, prompt, tools, knowledge"),
                @Tag(name = "Tokens", description = "Organization API tokens (admins and owners)"),
                @Tag(name = "Organizations", description = "Organizations, plans and members"),
                @Tag(name = "Providers", description = "LLM providers: the organization's own keys and endpoints"),
                @Tag(name = "Identity", description = "Who is calling")
        },
        components = @Components(
                securitySchemes = {
                        @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
                                description = "An API token (pk_...) or a user-session JWT"),
                        @SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.APIKEY,
                                in = SecuritySchemeIn.HEADER, apiKeyName = "X-API-Key", description = "An API token")
                },
                parameters = {
                        @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Page size, 1-100 (larger values are capped at 100)",
                                schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER, defaultValue = "50", minimum = "1")),
                        @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "next_cursor of the previous page (an ISO timestamp is accepted too)",
                                schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))
                },
                headers = {
                        @Header(name = "X-Request-Id", description = "Request identifier (echoed when the client sent one)",
                                schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))
                },
                responses = {
                        @APIResponse(name = "BadRequest", responseCode = "400", description = "Invalid request; `error.field` names the culprit",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = "Unauthorized", responseCode = "401", description = "Missing, unknown, revoked, expired or malformed credential",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = "Forbidden", responseCode = "403", description = "Valid credential lacking the scope or role",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = "NotFound", responseCode = "404", description = "No such resource in the caller's organization",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = "Conflict", responseCode = "409", description = "Conflicting state or Idempotency-Key in use",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = "PayloadTooLarge", responseCode = "413", description = "Request body too large",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = "Unprocessable", responseCode = "422", description = "Idempotency-Key reused with a different request",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = "RateLimited", responseCode = "429", description = "Organization over its per-minute budget; see Retry-After",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
                }))
public class AgentryApplication extends Application {
}
