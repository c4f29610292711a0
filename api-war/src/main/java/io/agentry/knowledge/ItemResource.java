package io.agentry.knowledge;

import io.agentry.http.ApiException;
import io.agentry.http.HttpSettings;
import io.agentry.http.Ids;
import io.agentry.http.JsonInput;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.auth.Caller;
import io.agentry.http.auth.Scoped;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("api/v1/bases/{baseId}/items")
@Produces(MediaType.APPLICATION_JSON)
@Scoped("bases")
@Tag(name = "Knowledge bases")
@APIResponse(ref = "Unauthorized")
@APIResponse(ref = "Forbidden")
@APIResponse(ref = "RateLimited")
public class ItemResource {

    private static final Set<String> FORM_FIELDS = Set.of("file", "title", "metadata", "source");

    @Inject
    ItemService items;

    @Inject
    HttpSettings http;

    @Context
    SecurityContext security;

    @Schema(name = "KnowledgeItemInput", description = "Create a text item (content) or an FAQ item (question and answer); "
            + "files are uploaded as multipart/form-data instead. Update (PATCH): only the fields sent change, and the item is re-indexed.")
    public record ItemInput(
            @Schema(enumeration = {"text", "faq"}, description = "Inferred when left out: faq when question is sent, else text") String kind,
            @Schema(maxLength = 500, description = "Defaults to the first line of the content (or the question)") String title,
            @Schema(maxLength = 1000000) String content,
            @Schema(maxLength = 10000) String question,
            @Schema(maxLength = 1000000) String answer,
            @Schema(type = SchemaType.OBJECT, description = "Any JSON object (at most 16 KiB), matched by query filters") Map<String, Object> metadata,
            @Schema(maxLength = 2000, nullable = true, description = "Where the content came from (free text, e.g. a URL)") String source) {
    }

    @Schema(name = "KnowledgeItemUpload")
    public record UploadForm(
            @Schema(type = SchemaType.STRING, format = "binary", required = true,
                    description = "txt, md, html, csv, json, pdf or docx; recognised by extension, else by the part's media type") String file,
            @Schema(maxLength = 500, description = "Defaults to the file name") String title,
            @Schema(description = "A JSON object, as text") String metadata,
            @Schema(maxLength = 2000) String source) {
    }

    @GET
    @Operation(operationId = "listItems", summary = "List the items of a base", description = "Newest first, cursor-paginated; text content is "
            + "left out (GET the item for it).")
    @APIResponse(responseCode = "200", description = "A page of items",
            content = @Content(schema = @Schema(implementation = ItemView.class, type = SchemaType.ARRAY)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public Page<ItemView> list(@PathParam("baseId") String baseId,
                               @Parameter(ref = "limit") @QueryParam("limit") String limit,
                               @Parameter(ref = "cursor") @QueryParam("cursor") String cursor,
                               @Parameter(description = "pending, processing, ready or failed") @QueryParam("status") String status) {
        return items.list(Caller.of(security), Ids.parse("baseId", baseId), PageRequest.of(limit, cursor), status);
    }

    @POST
    @Operation(operationId = "createItem", summary = "Add a text or FAQ item", description = "Returns at once with status pending; the item is "
            + "chunked and embedded in the background.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = ItemInput.class)))
    @APIResponse(responseCode = "201", description = "Created (pending)", content = @Content(schema = @Schema(implementation = ItemView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "PayloadTooLarge")
    public Response create(@PathParam("baseId") String baseId, InputStream body, @Context UriInfo uri) {
        return created(uri, items.create(Caller.of(security), Ids.parse("baseId", baseId), JsonInput.read(body)));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(operationId = "uploadItem", summary = "Upload a file as an item", description = "multipart/form-data with a 'file' part (and optional title, "
            + "metadata, source). Returns at once with status pending; a file that cannot be parsed ends as failed with the reason.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(implementation = UploadForm.class)))
    @APIResponse(responseCode = "201", description = "Created (pending)", content = @Content(schema = @Schema(implementation = ItemView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", description = "Unsupported file type")
    public Response upload(@PathParam("baseId") String baseId, List<EntityPart> parts, @Context UriInfo uri) {
        UUID base = Ids.parse("baseId", baseId);
        ItemService.Upload upload = null;
        String title = null;
        String source = null;
        JsonObject metadata = null;
        for (EntityPart part : parts) {
            String name = part.getName();
            if (!FORM_FIELDS.contains(name)) {
                throw ApiException.invalid(name, "is not a known form field (known: file, metadata, source, title)");
            }
            switch (name) {
                case "file" -> {
                    if (upload != null) {
                        throw ApiException.invalid("file", "send one file per request");
                    }
                    upload = readFile(part);
                }
                case "title" -> title = text(part, "title", 500, true);
                case "source" -> source = text(part, "source", 2000, false);
                default -> metadata = JsonInput.parseObject("metadata", text(part, "metadata", ItemService.MAX_METADATA, true));
            }
        }
        if (upload == null) {
            throw ApiException.invalid("file", "is required (a multipart part named 'file')");
        }
        return created(uri, items.upload(Caller.of(security), base, upload, title, metadata, source));
    }

    @GET
    @Path("{itemId}")
    @Operation(operationId = "getItem", summary = "Get an item", description = "With its ingestion status (and the reason when it failed).")
    @APIResponse(responseCode = "200", description = "The item", content = @Content(schema = @Schema(implementation = ItemView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public ItemView get(@PathParam("baseId") String baseId, @PathParam("itemId") String itemId) {
        return items.get(Caller.of(security), Ids.parse("baseId", baseId), Ids.parse("itemId", itemId));
    }

    @PATCH
    @Path("{itemId}")
    @Operation(operationId = "updateItem", summary = "Update an item", description = "Only the fields sent change; the item is re-indexed (status pending). "
            + "Its previous chunks stay searchable until the new ones replace them.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = ItemInput.class)))
    @APIResponse(responseCode = "200", description = "The updated item", content = @Content(schema = @Schema(implementation = ItemView.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public ItemView update(@PathParam("baseId") String baseId, @PathParam("itemId") String itemId, InputStream body) {
        return items.update(Caller.of(security), Ids.parse("baseId", baseId), Ids.parse("itemId", itemId), JsonInput.read(body));
    }

    @DELETE
    @Path("{itemId}")
    @Operation(operationId = "deleteItem", summary = "Delete an item", description = "Its chunks are removed from search at once.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    public Response delete(@PathParam("baseId") String baseId, @PathParam("itemId") String itemId) {
        items.delete(Caller.of(security), Ids.parse("baseId", baseId), Ids.parse("itemId", itemId));
        return Response.noContent().build();
    }

    private static Response created(UriInfo uri, ItemView item) {
        return Response.created(uri.getAbsolutePathBuilder().path(item.id().toString()).build()).entity(item).build();
    }

    private ItemService.Upload readFile(EntityPart part) {
        String fileName = part.getFileName().map(ItemResource::baseName).orElse(null);
        if (fileName == null || fileName.isBlank()) {
            throw ApiException.invalid("file", "must be a file part with a file name");
        }
        if (fileName.length() > 255 || fileName.chars().anyMatch(c -> c < 0x20)) {
            throw ApiException.invalid("file", "file name must be at most 255 printable characters");
        }
        String mediaType = part.getMediaType() == null ? null : part.getMediaType().toString();
        FileType type = FileType.of(fileName, mediaType).orElseThrow(() -> new ApiException(415, "unsupported_media_type",
                "unsupported file type of '" + fileName + "'" + (mediaType == null ? "" : " (" + mediaType + ")")
                        + "; supported: " + FileType.supported()));
        long max = http.maxUploadBytes();
        byte[] data;
        try (InputStream in = part.getContent()) {
            data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        } catch (IOException e) {
            throw ApiException.badRequest("the uploaded file could not be read");
        }
        if (data.length > max) {
            throw ApiException.payloadTooLarge("the file exceeds the limit of " + max + " bytes");
        }
        if (data.length == 0) {
            throw ApiException.invalid("file", "is empty");
        }
        return new ItemService.Upload(fileName, mediaType, type, data);
    }

    private static String text(EntityPart part, String field, int maxLength, boolean required) {
        String text;
        try (InputStream in = part.getContent()) {
            byte[] bytes = in.readNBytes(maxLength * 4 + 1);
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApiException.badRequest("the form field '" + field + "' could not be read");
        }
        if (text.length() > maxLength) {
            throw ApiException.invalid(field, "must be at most " + maxLength + " characters");
        }
        if (text.indexOf('\0') >= 0) {
            throw ApiException.invalid(field, "must not contain NUL characters");
        }
        if (text.isBlank()) {
            if (required) {
                throw ApiException.invalid(field, "must not be blank");
            }
            return null;
        }
        return text.strip();
    }

    /** Browsers may send a path; only the last segment is the name. */
    private static String baseName(String name) {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(slash + 1).strip();
    }
}
