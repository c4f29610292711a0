package io.agentry.http;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Adds what every operation shares to the OpenAPI document, in one place instead of on each
 * method: the X-API-Version and X-Request-Id request headers, Idempotency-Key on POST, the
 * cursor headers of list responses and the rate-limit headers. Registered with mp.openapi.filter
 * through its subclass {@code io.agentry.compat.CompatOpenApiFilter}.
 */
public class OpenApiFilter implements OASFilter {

    @Override
    public PathItem filterPathItem(PathItem pathItem) {
        pathItem.getOperations().forEach((method, operation) -> decorate(method, operation));
        return pathItem;
    }

    private static void decorate(PathItem.HttpMethod method, Operation operation) {
        addHeader(operation, header(ApiHeaders.API_VERSION,
                "2 for the {data, meta} envelope; 1 or absent for the raw resource", stringSchema().addEnumeration("1").addEnumeration("2")));
        addHeader(operation, header(ApiHeaders.REQUEST_ID, "Optional client request id, echoed back", stringSchema()));
        if (method == PathItem.HttpMethod.POST) {
            addHeader(operation, header(ApiHeaders.IDEMPOTENCY_KEY,
                    "Replays the first response to retries with the same key and body for 24 hours", stringSchema().maxLength(255)));
        }
        if (operation.getResponses() == null) {
            return;
        }
        for (Map.Entry<String, APIResponse> entry : operation.getResponses().getAPIResponses().entrySet()) {
            APIResponse response = entry.getValue();
            if (response.getRef() != null) {
                continue;
            }
            response.addHeader(ApiHeaders.REQUEST_ID, responseHeader("Request identifier", stringSchema()));
            response.addHeader(ApiHeaders.RATE_LIMIT_LIMIT, responseHeader("Requests per minute of the organization", intSchema()));
            response.addHeader(ApiHeaders.RATE_LIMIT_REMAINING, responseHeader("Requests left in the current minute", intSchema()));
            response.addHeader(ApiHeaders.RATE_LIMIT_RESET, responseHeader("Epoch seconds when the budget is full again", intSchema()));
            boolean list = method == PathItem.HttpMethod.GET && response.getContent() != null
                    && response.getContent().getMediaTypes().values().stream()
                    .anyMatch(m -> m.getSchema() != null && m.getSchema().getType() == Schema.SchemaType.ARRAY);
            if (list) {
                response.addHeader(ApiHeaders.NEXT_CURSOR, responseHeader("Cursor of the next page (v1 responses)", stringSchema()));
                response.addHeader(ApiHeaders.HAS_MORE, responseHeader("Whether another page follows", OASFactory.createSchema().type(Schema.SchemaType.BOOLEAN)));
            }
        }
    }

    @Override
    public APIResponse filterAPIResponse(APIResponse response) {
        if (response.getDescription() != null && response.getDescription().startsWith("Organization over its per-minute budget")) {
            response.addHeader("Retry-After", responseHeader("Seconds until a request will be accepted again", intSchema()));
        }
        return response;
    }

    /** Adds the header parameter unless the operation declares it itself. */
    private static void addHeader(Operation operation, Parameter parameter) {
        boolean declared = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> parameter.getName().equalsIgnoreCase(p.getName()) && p.getIn() == Parameter.In.HEADER);
        if (!declared) {
            operation.addParameter(parameter);
        }
    }

    private static Parameter header(String name, String description, Schema schema) {
        return OASFactory.createParameter().name(name).in(Parameter.In.HEADER).required(false)
                .description(description).schema(schema);
    }

    private static Header responseHeader(String description, Schema schema) {
        return OASFactory.createHeader().description(description).schema(schema);
    }

    private static Schema stringSchema() {
        return OASFactory.createSchema().type(Schema.SchemaType.STRING);
    }

    private static Schema intSchema() {
        return OASFactory.createSchema().type(Schema.SchemaType.INTEGER);
    }
}
