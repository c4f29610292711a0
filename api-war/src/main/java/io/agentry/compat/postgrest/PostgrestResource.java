package io.agentry.compat.postgrest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentry.agents.AgentView;
import io.agentry.http.ApiException;
import io.agentry.http.Ids;
import io.agentry.http.JacksonWriter;
import io.agentry.http.JsonInput;
import io.agentry.http.RawList;
import io.agentry.http.auth.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * CrewForm's legacy API, {@code /rest/v1/<table>}: PostgREST's protocol over the shared services
 * (which alone decide what a caller may see and change). Documented per table by
 * {@link PostgrestDocument}, so the generic operations here are hidden from the scan.
 */
@Path("rest/v1")
public class PostgrestResource {

    private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8");
    private static final MediaType SINGLE = MediaType.valueOf(PostgrestRequest.SINGLE_OBJECT).withCharset("utf-8");
    static final String INSTALL = "increment_install_count";

    @Inject
    LegacyTables tables;

    @Inject
    LegacyWrites writes;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    @Context
    HttpHeaders headers;

    @GET
    @Path("{table}")
    @Operation(hidden = true)
    public Response select(@PathParam("table") String name) {
        Caller caller = Caller.of(security);
        LegacyTable table = table(name);
        if (table.name().equals("agents") && PostgrestRequest.asksForPublished(uri.getQueryParameters())) {
            table = tables.published();
        }
        caller.require(table.family(), false);
        PostgrestRequest request = request(table);
        List<?> rows = table.select().apply(caller, request.query);
        Long total = request.countExact ? table.count().apply(caller, request.query) : null;
        long offset = request.query.offset();
        if (rows.isEmpty() && offset > 0) {
            long all = total != null ? total : table.count().apply(caller, request.query);
            if (offset >= all) {
                throw PostgrestError.exception(416, "PGRST103", "Requested range not satisfiable",
                        "An offset of " + offset + " was requested, but there are only " + all + " rows.", null);
            }
        }
        boolean partial = total != null && !rows.isEmpty() && (offset > 0 || offset + rows.size() < total);
        Response.ResponseBuilder response = rows(partial ? 206 : 200, table, request, rows);
        response.header("Content-Range", (rows.isEmpty() ? "*" : offset + "-" + (offset + rows.size() - 1)) + "/"
                + (total == null ? "*" : total));
        return response.build();
    }

    @POST
    @Path("{table}")
    @Operation(hidden = true)
    public Response insert(@PathParam("table") String name, InputStream body) {
        Write write = write(name, "POST", body);
        LegacyTable table = write.table();
        if (firstByte(write.body()) == '[') {
            throw PostgrestError.exception(400, "PGRST102", "bulk inserts are not supported: send one JSON object per request",
                    null, null);
        }
        ownWorkspace(write.caller(), table, write.body());
        Object row = table.create().apply(write.caller(), write.body());
        UUID id = table.idOf().apply(row);
        Response.ResponseBuilder response = write.request().representation()
                ? rows(201, table, write.request(), List.of(row)) : Response.status(201);
        return response.header("Location", "/rest/v1/" + table.name() + "?id=eq." + id).build();
    }

    @PATCH
    @Path("{table}")
    @Operation(hidden = true)
    public Response update(@PathParam("table") String name, InputStream body) {
        Write write = write(name, "PATCH", body);
        LegacyTable table = write.table();
        if (firstByte(write.body()) != '{') {
            JsonInput.read(new ByteArrayInputStream(write.body())); // names what is wrong with it
            throw PostgrestError.exception(400, "PGRST102", "the body must be one JSON object", null, null);
        }
        ownWorkspace(write.caller(), table, write.body()).allowOnly(table.spec().updatable());
        List<?> rows = targets(write.caller(), table, write.request(), "UPDATE");
        return written(table, write.request(), writes.update(table, write.caller(), ids(table, rows), write.body()));
    }

    @DELETE
    @Path("{table}")
    @Operation(hidden = true)
    public Response delete(@PathParam("table") String name) {
        Write write = write(name, "DELETE", null);
        List<?> deleted = targets(write.caller(), write.table(), write.request(), "DELETE");
        writes.delete(write.table(), write.caller(), ids(write.table(), deleted));
        return written(write.table(), write.request(), deleted);
    }

    /** {@code rpc/increment_install_count {"agent_row_id"}}: installs a published agent (a counted copy). */
    @POST
    @Path("rpc/{function}")
    @Operation(hidden = true)
    public Response call(@PathParam("function") String function, InputStream body) {
        Caller caller = Caller.of(security);
        byte[] bytes = bytes(body);
        if (!function.equals(INSTALL)) {
            throw PostgrestError.exception(404, "PGRST202", "Could not find the function public."
                    + PostgrestRequest.abbreviate(function) + " in the schema cache", null, "Functions: " + INSTALL);
        }
        caller.require("marketplace", true);
        JsonInput input = JsonInput.read(new ByteArrayInputStream(bytes));
        input.allowOnly(Set.of("agent_row_id"));
        UUID id = Ids.parse("agent_row_id", input.requiredText("agent_row_id", 64));
        AgentView copy = tables.marketplace().install(caller, id);
        return Response.ok(bytes(copy), JSON).build();
    }

    /** A write as every method begins it: who, on which table (405 unless it has the method), what body, what request. */
    private record Write(Caller caller, LegacyTable table, byte[] body, PostgrestRequest request) {
    }

    private Write write(String name, String method, InputStream body) {
        Caller caller = Caller.of(security);
        LegacyTable table = table(name);
        byte[] bytes = bytes(body); // first: a body over the limit is a 413 whatever else is wrong
        if (!table.spec().methods().contains(method)) {
            throw notAllowed(table);
        }
        caller.require(table.family(), true);
        return new Write(caller, table, bytes, request(table));
    }

    private LegacyTable table(String name) {
        LegacyTable table = tables.named(name);
        if (table == null) {
            throw PostgrestError.exception(404, "PGRST205", "Could not find the table 'public." + PostgrestRequest.abbreviate(name)
                    + "' in the schema cache", null, "Tables: " + String.join(", ", LegacyTables.SPECS.keySet()));
        }
        return table;
    }

    private PostgrestRequest request(LegacyTable table) {
        return PostgrestRequest.read(table, uri.getQueryParameters(), headers.getRequestHeader(HttpHeaders.ACCEPT),
                headers.getRequestHeader("Prefer"), headers.getHeaderString("Range"));
    }

    /** The rows a PATCH or DELETE changes: it must have a filter, and change at most MAX_ROWS. */
    private static List<?> targets(Caller caller, LegacyTable table, PostgrestRequest request, String statement) {
        if (!request.filtered) {
            throw PostgrestError.exception(400, "21000", statement + " requires a WHERE clause", null,
                    "Add a filter, e.g. ?id=eq.<uuid>");
        }
        int limit = request.query.limit();
        List<?> rows = table.select().apply(caller, request.query.window(request.query.offset(), limit + 1));
        if (rows.size() > limit) {
            throw PostgrestError.exception(400, "PGRST124", statement + " would change more than " + limit + " rows",
                    null, "Narrow the filter (at most " + PostgrestRequest.MAX_ROWS + " rows per request)");
        }
        if (request.single && rows.size() != 1) {
            throw notOne(rows.size());
        }
        return rows;
    }

    private static List<UUID> ids(LegacyTable table, List<?> rows) {
        return rows.stream().map(row -> table.idOf().apply(row)).toList();
    }

    private Response written(LegacyTable table, PostgrestRequest request, List<?> rows) {
        Response.ResponseBuilder response = request.representation() ? rows(200, table, request, rows) : Response.noContent();
        return response.header("Content-Range", rows.isEmpty() ? "*/*" : "0-" + (rows.size() - 1) + "/*").build();
    }

    /** The rows as the client asked for them: the columns it selected, an array or the single object. */
    private static Response.ResponseBuilder rows(int status, LegacyTable table, PostgrestRequest request, List<?> rows) {
        if (request.single && rows.size() != 1) {
            throw notOne(rows.size());
        }
        List<?> body = rows;
        if (request.select != null || table.shape() != null) {
            List<ObjectNode> shaped = new ArrayList<>(rows.size());
            for (Object row : rows) {
                shaped.add(shaped(table, request, row));
            }
            body = shaped;
        }
        Response.ResponseBuilder response = Response.status(status);
        if (!request.applied.isEmpty()) {
            response.header("Preference-Applied", String.join(", ", request.applied));
        }
        return request.single ? response.entity(bytes(body.get(0))).type(SINGLE) : response.entity(new RawList(body)).type(JSON);
    }

    private static ObjectNode shaped(LegacyTable table, PostgrestRequest request, Object row) {
        ObjectNode all = JacksonWriter.MAPPER.valueToTree(row);
        if (table.shape() != null) {
            table.shape().apply(all);
        }
        if (request.select == null) {
            return all;
        }
        ObjectNode selected = JacksonWriter.MAPPER.createObjectNode();
        for (PostgrestRequest.Selected column : request.select) {
            selected.set(column.key(), all.get(column.column()));
        }
        return selected;
    }

    private static ApiException notOne(int rows) {
        return PostgrestError.exception(406, "PGRST116", "JSON object requested, multiple (or no) rows returned",
                "The result contains " + rows + " rows", null);
    }

    /** A body's workspace_id (or organization_id) must be the caller's, as row-level security would insist. */
    private static JsonInput ownWorkspace(Caller caller, LegacyTable table, byte[] bytes) {
        JsonInput input = JsonInput.read(new ByteArrayInputStream(bytes));
        for (String field : List.of("workspace_id", "organization_id")) {
            String value = input.has(field) ? input.text(field, 64) : null;
            if (value != null && !value.equalsIgnoreCase(caller.organizationId().toString())) {
                throw PostgrestError.exception(403, "42501", "new row violates row-level security policy for table \""
                        + table.name() + "\"", field + " must be the caller's own workspace", null);
            }
        }
        return input;
    }

    private static ApiException notAllowed(LegacyTable table) {
        List<String> allowed = new ArrayList<>(List.of("GET", "HEAD"));
        for (String method : List.of("POST", "PATCH", "DELETE")) {
            if (table.spec().methods().contains(method)) {
                allowed.add(method);
            }
        }
        return PostgrestError.exception(405, "PGRST117", "Unsupported HTTP method for table " + table.name(),
                "Allowed: " + String.join(", ", allowed), null).allowing(String.join(", ", allowed));
    }

    private static byte[] bytes(InputStream body) {
        try {
            return body == null ? new byte[0] : body.readAllBytes();
        } catch (IOException e) {
            throw ApiException.badRequest("the request body could not be read");
        }
    }

    private static int firstByte(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b;
            }
        }
        return -1;
    }

    private static byte[] bytes(Object value) {
        try {
            return JacksonWriter.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
        }
    }
}
