package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedded default (no database configured: an H2 file database) answers the same API: the
 * bootstrap token works, agents and tokens can be created, read, listed and deleted.
 */
class EmbeddedH2SmokeIT {

    private static Api h2() {
        return Api.at(Api.h2BaseUrl(), Api.bootstrapToken());
    }

    @Test
    void bootstrapTokenWorksOnTheEmbeddedServer() {
        Api.Resp list = h2().get("/api/v1/agents").expect(200);
        assertTrue(list.json().isArray(), "v1 list is an array: " + list.describe());
        list.requireHeader("X-Request-Id");
        list.requireHeader("X-RateLimit-Limit");
        assertTrue(h2().v2().get("/api/v1/agents").expect(200).json().path("data").path("items").isArray(), "v2 list");
        Api.at(Api.h2BaseUrl(), Api.randomToken()).get("/api/v1/agents").expectError(401, "unauthorized");
    }

    @Test
    void agentCrudOnH2() {
        Api api = h2();
        String name = Api.unique("h2 smoke agent");
        Api.Resp created = api.post("/api/v1/agents", obj("name", name, "provider", "ollama", "model", "llama3.1:8b",
                "temperature", 0.7, "tags", List.of("h2", "smoke"), "tools", List.of("web_search"))).expect(201);
        String id = created.id();
        assertTrue(created.requireHeader("Location").endsWith("/api/v1/agents/" + id));

        JsonNode fetched = api.get("/api/v1/agents/" + id).expect(200).data();
        assertEquals(name, fetched.path("name").asText());
        assertEquals("ollama", fetched.path("provider").asText());
        assertEquals(0.7, fetched.path("temperature").asDouble(), 1e-9);
        assertEquals(2, fetched.path("tags").size());

        assertTrue(api.listAllIds("/api/v1/agents").contains(id), "new agent listed");
        assertTrue(api.listAllIds("/api/v1/agents?tag=smoke&provider=ollama").contains(id), "filters work on H2");

        JsonNode patched = api.patch("/api/v1/agents/" + id, obj("description", "on h2", "status", "busy")).expect(200).data();
        assertEquals("on h2", patched.path("description").asText());
        assertEquals("busy", patched.path("status").asText());

        api.delete("/api/v1/agents/" + id).expect(204);
        api.get("/api/v1/agents/" + id).expectError(404, "not_found");
        assertFalse(api.listAllIds("/api/v1/agents").contains(id));

        api.post("/api/v1/agents", obj("name", "x", "temperature", 9)).expectInvalid("temperature");
        api.get("/api/v1/agents?limit=0").expectInvalid("limit");
    }

    /**
     * Pagination and a second organization on H2, in an organization of its own (so these calls do not
     * spend the bootstrap organization's per-minute budget, which the other tests here use).
     */
    @Test
    void paginationAndIsolationOnH2() {
        Api.Resp createdOrg = h2().post("/api/v1/organizations",
                obj("name", Api.unique("it-h2-org"), "plan", "team", "rate_limit_per_minute", 100_000)).expect(201);
        Api api = Api.at(Api.h2BaseUrl(), createdOrg.data().path("token").path("token").asText());
        String tag = Api.unique("h2page");
        for (int i = 0; i < 5; i++) {
            api.post("/api/v1/agents", obj("name", "h2 page " + i, "tags", List.of(tag))).expect(201);
        }
        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 10; page++) {
            Api.Resp r = api.get("/api/v1/agents?limit=2&tag=" + Api.enc(tag)
                    + (cursor == null ? "" : "&cursor=" + Api.enc(cursor))).expect(200);
            seen.addAll(r.ids());
            cursor = r.header("X-Next-Cursor");
            if (cursor == null) {
                break;
            }
        }
        assertEquals(5, seen.size(), "all 5 seen: " + seen);
        assertEquals(5, new java.util.HashSet<>(seen).size(), "none repeated: " + seen);
        // the bootstrap organization cannot see this organization's agents
        h2().get("/api/v1/agents/" + seen.get(0)).expectError(404, "not_found");
        for (String id : seen) {
            api.delete("/api/v1/agents/" + id).expect(204);
        }
    }

    @Test
    void meOnH2() {
        Api.Resp me = h2().get("/api/v1/me").expect(200);
        assertTrue(me.json().isObject(), me.describe());
        assertEquals(1, me.json().path("api_version").asInt(), "/me api_version: " + me.describe());
        Api.Resp me2 = h2().v2().get("/api/v1/me").expect(200);
        assertEquals(2, me2.json().path("data").path("api_version").asInt(), me2.describe());
    }

    @Test
    void tokensOnH2() {
        Api api = h2();
        String name = Api.unique("h2 smoke token");
        JsonNode token = api.post("/api/v1/tokens", obj("name", name, "scopes", List.of("agents:read"))).expect(201).data();
        String secret = token.path("token").asText(null);
        assertNotNull(secret, "secret shown at creation: " + token);
        assertTrue(secret.matches("pk_[0-9a-f]{64}"));
        String id = token.path("id").asText();

        List<JsonNode> tokens = api.listAll("/api/v1/tokens");
        JsonNode row = tokens.stream().filter(t -> id.equals(t.path("id").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("new token not listed on H2"));
        assertTrue(row.path("token").isNull(), "list never shows the secret");
        assertEquals(secret.substring(0, 11) + "...", row.path("prefix").asText());

        Api user = Api.at(Api.h2BaseUrl(), secret);
        user.get("/api/v1/agents").expect(200);
        user.viaApiKeyHeader().get("/api/v1/agents").expect(200);
        assertEquals(2, api.get("/api/v1/tokens/" + id).expect(200).data().path("call_count").asLong(), "usage counted on H2");
        user.post("/api/v1/agents", obj("name", "not allowed")).expectError(403, "forbidden");

        api.post("/api/v1/tokens/" + id + "/revoke", null).expect(200);
        user.get("/api/v1/agents").expectError(401, "unauthorized");
        api.delete("/api/v1/tokens/" + id).expect(204);
        api.get("/api/v1/tokens/" + id).expectError(404, "not_found");
    }
}
