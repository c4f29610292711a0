package io.agentry.compat;

import io.agentry.compat.crewform.CrewFormDocument;
import io.agentry.compat.postgrest.PostgrestDocument;
import io.agentry.http.OpenApiFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * The document's filter (mp.openapi.filter): what every operation shares ({@link OpenApiFilter}),
 * then the compatibility surfaces, copied from the canonical operations once those are complete.
 */
public class CompatOpenApiFilter extends OpenApiFilter {

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        CrewFormDocument.addTo(openApi);
        PostgrestDocument.addTo(openApi);
    }
}
