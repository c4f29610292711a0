package io.agentry.compat.crewform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * The CrewForm v2 functions in the OpenAPI document, under a tag of their own: each operation is
 * the canonical one it maps to ({@link CrewFormFunctions}), with {@code ?id=} in place of the
 * path's id, so the two can never describe different things.
 */
public final class CrewFormDocument {

    static final String TAG = "CrewForm v2";

    private CrewFormDocument() {
    }

    public static void addTo(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.addTag(OASFactory.createTag().name(TAG).description("CrewForm's v2 API (its Edge Functions): "
                + CrewFormFunctions.PREFIX + "<resource> with ?id=<uuid> for one record. Each operation is the canonical "
                + "/api/v1 one under another address."));
        for (Map.Entry<String, CrewFormFunctions.Function> f : new java.util.TreeMap<>(CrewFormFunctions.FUNCTIONS).entrySet()) {
            String name = f.getKey();
            CrewFormFunctions.Function function = f.getValue();
            PathItem collection = openApi.getPaths().getPathItem(function.collection());
            PathItem item = openApi.getPaths().getPathItem(function.collection() + "/{id}");
            PathItem documented = OASFactory.createPathItem();
            for (String method : List.of("GET", "POST", "PATCH", "DELETE")) {
                boolean without = function.withoutId().contains(method);
                boolean with = function.withId().contains(method);
                Operation canonical = operation(without ? collection : item, method);
                if (canonical == null || !(without || with)) {
                    continue;
                }
                Operation copy = copy(canonical, name, method);
                if (with) {
                    copy.addParameter(OASFactory.createParameter().name("id").in(Parameter.In.QUERY).required(!without)
                            .description(without ? "One record by id (then the answer is that record, not a list)" : "The record")
                            .schema(OASFactory.createSchema().type(Schema.SchemaType.STRING).format("uuid")));
                }
                documented.setOperation(PathItem.HttpMethod.valueOf(method), copy);
            }
            openApi.getPaths().addPathItem(CrewFormFunctions.PREFIX + name, documented);
        }
    }

    private static Operation operation(PathItem path, String method) {
        return path == null ? null : path.getOperations().get(PathItem.HttpMethod.valueOf(method));
    }

    /** The canonical operation under the function's name and tag, without its path id. */
    private static Operation copy(Operation canonical, String function, String method) {
        List<Parameter> parameters = new ArrayList<>();
        if (canonical.getParameters() != null) {
            for (Parameter p : canonical.getParameters()) {
                if (p.getIn() != Parameter.In.PATH) {
                    parameters.add(p);
                }
            }
        }
        return OASFactory.createOperation()
                .operationId("crewform" + capitalized(method.toLowerCase(Locale.ROOT)) + capitalized(function))
                .summary(canonical.getSummary() + " (CrewForm v2)")
                .description(canonical.getDescription())
                .tags(List.of(TAG))
                .parameters(parameters)
                .requestBody(canonical.getRequestBody())
                .responses(canonical.getResponses())
                .security(canonical.getSecurity());
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
