package io.agentry.compat.postgrest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The legacy tables in the OpenAPI document, under a tag of their own: one path per table with
 * its methods, a query parameter per column it filters on, and the canonical representation and
 * request bodies it shares with {@code /api/v1} (taken from those operations, so the two cannot
 * drift apart).
 */
public final class PostgrestDocument {

    static final String TAG = "CrewForm legacy v1";
    private static final String ERROR = "#/components/schemas/PostgrestError";
    private static final String FILTER = "PostgREST filter: [not.]eq|neq|gt|gte|lt|lte|like|ilike.<value>, in.(a,b), is.null|true|false";

    private PostgrestDocument() {
    }

    public static void addTo(OpenAPI openApi) {
        if (openApi.getPaths() == null || openApi.getComponents() == null) {
            return;
        }
        openApi.addTag(OASFactory.createTag().name(TAG).description("CrewForm's legacy API, PostgREST's protocol: /rest/v1/<table> "
                + "with select, filters, order, limit/offset or Range, Prefer (count=exact, return=representation) and "
                + "Accept: " + PostgrestRequest.SINGLE_OBJECT + " for one row. Errors are {code, message, details, hint}. "
                + "A PATCH or DELETE needs a filter; /rest/v1/agents?is_marketplace=eq.true lists every organization's published agents."));
        openApi.getComponents().addSchema("PostgrestError", OASFactory.createSchema().type(Schema.SchemaType.OBJECT)
                .description("PostgREST's error: code is PGRSTnnn or a PostgreSQL SQLSTATE")
                .addProperty("code", string("PGRST116"))
                .addProperty("message", string("JSON object requested, multiple (or no) rows returned"))
                .addProperty("details", string(null).nullable(true))
                .addProperty("hint", string(null).nullable(true))
                .required(List.of("code", "message", "details", "hint")));
        for (LegacyTable.Spec spec : LegacyTables.SPECS.values()) {
            PathItem path = OASFactory.createPathItem();
            String name = camel(spec.name());
            String schema = "#/components/schemas/" + schemaName(spec);
            List<Parameter> filters = filters(spec);
            path.GET(operation("legacySelect" + name, "List " + spec.name() + " (PostgREST)",
                    "Rows of the caller's organization" + (spec.name().equals("agents")
                            ? "; with is_marketplace=eq.true, every organization's published agents (" + schemaName(LegacyTables.PUBLISHED) + ")" : "")
                            + ". Content-Range tells the rows sent and, with Prefer: count=exact, the total (then 206 when partial).")
                    .parameters(concat(List.of(query("select", "Columns: * or a,b,alias:c"), query("order",
                                    "<column>[.asc|.desc][.nullsfirst|.nullslast], comma-separated"),
                            query("limit", "At most " + PostgrestRequest.MAX_ROWS + " rows"), query("offset", "Rows to skip"),
                            header("Range", "<first>-<last>, as an alternative to limit/offset"),
                            header("Prefer", "count=exact")), filters))
                    .responses(responses("200", "The rows (an object with Accept: " + PostgrestRequest.SINGLE_OBJECT + ")", array(schema),
                            "206", "Part of the rows (Prefer: count=exact)", array(schema))));
            if (spec.methods().contains("POST")) {
                Operation canonical = canonical(openApi, spec.canonicalPath(), PathItem.HttpMethod.POST);
                path.POST(operation("legacyInsert" + name, "Insert into " + spec.name() + " (PostgREST)",
                        "One JSON object; workspace_id, when sent, must be the caller's organization (else 403).")
                        .parameters(List.of(header("Prefer", "return=representation to receive the row")))
                        .requestBody(canonical.getRequestBody())
                        .responses(responses("201", "Inserted (the row in an array with Prefer: return=representation)", array(schema))));
            }
            if (spec.methods().contains("PATCH")) {
                Operation canonical = canonical(openApi, spec.canonicalPath() + "/{id}", PathItem.HttpMethod.PATCH);
                path.PATCH(operation("legacyUpdate" + name, "Update " + spec.name() + " (PostgREST)",
                        "Every row the filters match (at least one filter is required); all or none change.")
                        .parameters(concat(List.of(header("Prefer", "return=representation to receive the rows")), filters))
                        .requestBody(canonical.getRequestBody())
                        .responses(responses("200", "The changed rows (Prefer: return=representation)", array(schema),
                                "204", "Changed", null)));
            }
            if (spec.methods().contains("DELETE")) {
                path.DELETE(operation("legacyDelete" + name, "Delete from " + spec.name() + " (PostgREST)",
                        "Every row the filters match (at least one filter is required); all or none go.")
                        .parameters(concat(List.of(header("Prefer", "return=representation to receive the rows")), filters))
                        .responses(responses("200", "The deleted rows (Prefer: return=representation)", array(schema),
                                "204", "Deleted", null)));
            }
            openApi.getPaths().addPathItem("/rest/v1/" + spec.name(), path);
        }
        openApi.getPaths().addPathItem("/rest/v1/rpc/" + PostgrestResource.INSTALL, OASFactory.createPathItem().POST(
                operation("legacyIncrementInstallCount", "Install a marketplace agent (PostgREST RPC)",
                        "Copies the published agent into the caller's organization and counts the install.")
                        .requestBody(OASFactory.createRequestBody().required(true).content(json(OASFactory.createSchema()
                                .type(Schema.SchemaType.OBJECT).required(List.of("agent_row_id"))
                                .addProperty("agent_row_id", string(null).format("uuid")))))
                        .responses(responses("200", "The caller's copy", OASFactory.createSchema().ref("#/components/schemas/Agent")))));
    }

    private static Operation operation(String id, String summary, String description) {
        return OASFactory.createOperation().operationId(id).summary(summary).description(description).tags(List.of(TAG));
    }

    /** A query parameter per column the table filters on, by the names it accepts (legacy aliases included). */
    private static List<Parameter> filters(LegacyTable.Spec spec) {
        TreeSet<String> names = new TreeSet<>(spec.columns().names());
        names.addAll(spec.aliases().keySet());
        List<Parameter> filters = new ArrayList<>();
        for (String column : names) {
            filters.add(query(column, FILTER));
        }
        return filters;
    }

    private static APIResponses responses(Object... codeDescriptionSchema) {
        APIResponses responses = OASFactory.createAPIResponses();
        for (int i = 0; i < codeDescriptionSchema.length; i += 3) {
            Schema schema = (Schema) codeDescriptionSchema[i + 2];
            org.eclipse.microprofile.openapi.models.responses.APIResponse response = OASFactory.createAPIResponse()
                    .description((String) codeDescriptionSchema[i + 1]);
            if (schema != null) {
                response.content(json(schema));
            }
            responses.addAPIResponse((String) codeDescriptionSchema[i], response);
        }
        for (Map.Entry<String, String> error : Map.of("400", "Bad filter, column or body (PGRST100, 42703, 22P02, ...)",
                "401", "Missing or invalid API key", "403", "Row-level security: not the caller's workspace, or a missing scope (42501)",
                "404", "No such table (PGRST205) or record", "406", "Not exactly one row for a single object (PGRST116)",
                "409", "Conflict (23505)", "416", "Range not satisfiable (PGRST103)", "429", "Rate limited").entrySet()) {
            responses.addAPIResponse(error.getKey(), OASFactory.createAPIResponse().description(error.getValue())
                    .content(json(OASFactory.createSchema().ref(ERROR))));
        }
        return responses;
    }

    private static Operation canonical(OpenAPI openApi, String path, PathItem.HttpMethod method) {
        PathItem item = openApi.getPaths().getPathItem(path);
        Operation operation = item == null ? null : item.getOperations().get(method);
        if (operation == null) {
            throw new IllegalStateException("the legacy table mirrors " + method + " " + path + ", which is not documented");
        }
        return operation;
    }

    private static Content json(Schema schema) {
        return OASFactory.createContent().addMediaType("application/json", OASFactory.createMediaType().schema(schema));
    }

    private static Schema array(String ref) {
        return OASFactory.createSchema().type(Schema.SchemaType.ARRAY).items(OASFactory.createSchema().ref(ref));
    }

    private static Schema string(String example) {
        Schema schema = OASFactory.createSchema().type(Schema.SchemaType.STRING);
        return example == null ? schema : schema.example(example);
    }

    private static Parameter query(String name, String description) {
        return OASFactory.createParameter().name(name).in(Parameter.In.QUERY).required(false).description(description)
                .schema(string(null));
    }

    private static Parameter header(String name, String description) {
        return OASFactory.createParameter().name(name).in(Parameter.In.HEADER).required(false).description(description)
                .schema(string(null));
    }

    private static List<Parameter> concat(List<Parameter> first, List<Parameter> second) {
        List<Parameter> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String schemaName(LegacyTable.Spec spec) {
        org.eclipse.microprofile.openapi.annotations.media.Schema annotation =
                spec.view().getAnnotation(org.eclipse.microprofile.openapi.annotations.media.Schema.class);
        return annotation != null && !annotation.name().isEmpty() ? annotation.name() : spec.view().getSimpleName();
    }

    private static String camel(String table) {
        StringBuilder name = new StringBuilder();
        for (String part : table.split("_")) {
            name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return name.toString();
    }
}
