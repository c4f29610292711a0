package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes every endpoint well enough to generate a client; health answers. */
class OpenApiAndHealthIT {

    private static final Map<String, List<String>> OPERATIONS = Map.of(
            "/api/v1/agents", List.of("get", "post"),
            "/api/v1/agents/{id}", List.of("get", "patch", "delete"),
            "/api/v1/tokens", List.of("get", "post"),
            "/api/v1/tokens/{id}", List.of("get", "patch", "delete"),
            "/api/v1/tokens/{id}/revoke", List.of("post"),
            "/api/v1/me", List.of("get"),
            "/api/v1/organizations", List.of("get", "post"),
            "/api/v1/organizations/{id}", List.of("get", "patch"),
            "/api/v1/organizations/{id}/members", List.of("get", "post"),
            "/api/v1/organizations/{id}/members/{userId}", List.of("patch", "delete"));

    private static JsonNode document() {
        return Api.at(null).anonymous().get("/openapi?format=JSON").expect(200).json();
    }

    @Test
    void everyEndpointIsDocumentedWithItsErrors() {
        JsonNode paths = document().path("paths");
        List<String> problems = new ArrayList<>();
        OPERATIONS.forEach((path, methods) -> {
            for (String method : methods) {
                JsonNode operation = paths.path(path).path(method);
                if (operation.isMissingNode()) {
                    problems.add("missing " + method + " " + path);
                    continue;
                }
                JsonNode responses = operation.path("responses");
                if (!responses.has("401") || !responses.has("429")) {
                    problems.add(method + " " + path + " lacks the 401/429 responses");
                }
                if (operation.path("summary").asText().isBlank()) {
                    problems.add(method + " " + path + " has no summary");
                }
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void securitySchemesAndSchemasMatchTheWire() {
        JsonNode components = document().path("components");
        assertEquals("bearer", components.path("securitySchemes").path("bearer").path("scheme").asText());
        assertEquals("X-API-Key", components.path("securitySchemes").path("apiKey").path("name").asText());
        JsonNode agent = components.path("schemas").path("Agent").path("properties");
        for (String field : List.of("id", "organization_id", "workspace_id", "name", "system_prompt", "max_tokens",
                "is_marketplace", "install_count", "created_at", "updated_at")) {
            assertTrue(agent.has(field), "Agent schema lacks " + field + ": " + agent.fieldNames());
        }
        assertTrue(components.path("schemas").path("ApiToken").path("properties").has("last_used_at"));
        assertTrue(components.path("schemas").path("ErrorDetail").path("properties").has("code"));
        assertTrue(components.path("responses").has("RateLimited"));
    }

    @Test
    void healthIsUpOnBothServers() {
        for (String base : List.of(Api.baseUrl(), Api.h2BaseUrl())) {
            JsonNode ready = Api.at(base, null).anonymous().get("/health/ready").expect(200).json();
            assertEquals("UP", ready.path("status").asText(), base);
            Api.at(base, null).anonymous().get("/health/live").expect(200);
        }
    }
}
