package io.agentry.knowledge;

import io.agentry.http.Ids;
import io.agentry.http.JsonInput;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.auth.Caller;
import io.agentry.http.auth.ReadAccess;
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
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("api/v1/bases")
@Produces(MediaType.APPLICATION_JSON)
@Scoped("bases")
@Tag(name = "Knowledge bases")
@APIResponse(ref = "Unauthorized")
@APIResponse(ref = "Forbidden")
@APIResponse(ref = "RateLimited")
public class BaseResource {

    @Inject
    BaseService bases;

    @Inject
    SearchService search;

    @Context
    SecurityContext security;

    @Schema(name = "KnowledgeBaseInput", description = "Create: name is required. Update (PATCH): only the fields sent change; "
            + "a new chunking or embedding model re-indexes every item.")
    public record BaseInput(
            @Schema(maxLength = 200, example = "Support handbook") String name,
            @Schema(maxLength = 5000, nullable = true) String description,
            @Schema(enumeration = {"local", "openai", "ollama"}, defaultValue = "local") String embeddingProvider,
            @Schema(maxLength = 200, description = "local: all-minilm-l6-v2-q; openai: default text-embedding-3-small; "
                    + "ollama: default nomic-embed-text") String embeddingModel,
            @Schema(maxLength = 2000, nullable = true, description = "openai/ollama: the server to call instead of the configured one") String embeddingBaseUrl,
            @Schema(minimum = "100", maximum = "8000", defaultValue = "1000", description = "Maximum chunk length in characters") Integer chunkSize,
            @Schema(minimum = "0", defaultValue = "100", description = "At most half of chunk_size") Integer chunkOverlap) {
    }

    @Schema(name = "KnowledgeQueryInput")
    public record QueryInput(
            @Schema(required = true, maxLength = 4000, example = "how do refunds work") String query,
            @Schema(minimum = "1", maximum = "50", defaultValue = "5") Integer limit,
            @Schema(enumeration = {"semantic", "keyword", "hybrid"}, defaultValue = "hybrid") String mode,
            @Schema(minimum = "-1", maximum = "1", nullable = true, description = "Drop results scoring below this (see KnowledgeMatch.score)") Double minScore,
            @Schema(type = SchemaType.OBJECT, nullable = true, description = "Conditions on item metadata, all of which must hold: "
                    + "{\"key\": value}, {\"key\": {\"eq\": value}} or {\"key\": {\"in\": [values]}}; values are strings, numbers or booleans",
                    example = "{\"lang\": \"en\", \"year\": {\"in\": [2025, 2026]}}") Map<String, Object> filter,
            @Schema(defaultValue = "false", description = "Exact nearest neighbours instead of the HNSW index (slower; for evaluation)") Boolean exact) {
    }

    @GET
    @Operation(operationId = "listBases", summary = "List knowledge bases", description = "Newest first, cursor-paginated, with item, chunk and token counts.")
    @APIResponse(responseCode = "200", description = "A page of bases",
            content = @Content(schema = @Schema(implementation = BaseView.class, type = SchemaType.ARRAY)))
    @APIResponse(ref = "BadRequest")
    public Page<BaseView> list(@Parameter(ref = "limit") @QueryParam("limit") String limit,
                               @Parameter(ref = "cursor") @QueryParam("cursor") String cursor) {
        return bases.list(Caller.of(security), PageRequest.of(limit, cursor));
    }

    @POST
    @Operation(operationId = "createBase", summary = "Create a knowledge base")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = BaseInput.class)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = BaseView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "PayloadTooLarge")
    public Response create(InputStream body, @Context UriInfo uri) {
        BaseView created = bases.create(Caller.of(security), JsonInput.read(body));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getBase", summary = "Get a knowledge base")
    @APIResponse(responseCode = "200", description = "The base", content = @Content(schema = @Schema(implementation = BaseView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public BaseView get(@PathParam("id") String id) {
        return bases.get(Caller.of(security), Ids.parse("id", id));
    }

    @PATCH
    @Path("{id}")
    @Operation(operationId = "updateBase", summary = "Update a knowledge base", description = "Only the fields sent change. Changing chunk_size, "
            + "chunk_overlap or the embedding model re-indexes every item.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = BaseInput.class)))
    @APIResponse(responseCode = "200", description = "The updated base", content = @Content(schema = @Schema(implementation = BaseView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "Conflict")
    public BaseView update(@PathParam("id") String id, InputStream body) {
        return bases.update(Caller.of(security), Ids.parse("id", id), JsonInput.read(body));
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteBase", summary = "Delete a knowledge base", description = "Deletes its items, files and chunks too.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public Response delete(@PathParam("id") String id) {
        bases.delete(Caller.of(security), Ids.parse("id", id));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/query")
    @ReadAccess
    @Operation(operationId = "queryBase", summary = "Search a knowledge base", description = "Semantic, keyword or hybrid (default) search over the "
            + "chunks of ready items; best first. Needs bases:read.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = QueryInput.class)))
    @APIResponse(responseCode = "200", description = "The best chunks", content = @Content(schema = @Schema(implementation = QueryResult.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(responseCode = "503", description = "The base's embedding model is not available")
    public QueryResult query(@PathParam("id") String id, InputStream body) {
        return search.query(Caller.of(security), Ids.parse("id", id), JsonInput.read(body));
    }
}
