package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agents CRUD: every field round-trips, PATCH changes only what is sent (null clears), each bad
 * field is a 400 naming it, list filters combine, and other organizations' agents are 404.
 */
class AgentsIT {

    private static Api.Org org;
    private static Api api;
    private static String base;

    @BeforeAll
    static void setUp() {
        org = Api.createOrg("agents");
        api = org.api();
        base = new Knowledge(api).createBase("Agent knowledge");
    }

    private static String foreignBase() {
        return new Knowledge(Api.createOrg("agents-foreign").api()).createBase("Not yours");
    }

    private static Map<String, Object> fullAgent(String name, String tag) {
        return obj(
                "name", name,
                "description", "Reviews code for bugs and best practices",
                "provider", "anthropic",
                "model", "claude-sonnet-4-20250514",
                "system_prompt", "You are a senior code reviewer.",
                "temperature", 0.3,
                "max_tokens", 4096,
                "tools", List.of("web_search", "code.exec"),
                "tags", List.of("code", "review", tag),
                "knowledge_base_ids", List.of(base),
                "status", "busy",
                "is_marketplace", true);
    }

    @Test
    void createGetPatchDeleteRoundTrip() {
        String tag = Api.unique("crud");
        Api.Resp created = api.post("/api/v1/agents", fullAgent("Code Reviewer", tag)).expect(201);
        JsonNode agent = created.data();
        String id = agent.path("id").asText();
        UUID.fromString(id);
        assertTrue(created.requireHeader("Location").endsWith("/api/v1/agents/" + id), "Location: " + created.header("Location"));

        assertEquals("Code Reviewer", agent.path("name").asText());
        assertEquals("Reviews code for bugs and best practices", agent.path("description").asText());
        assertEquals("anthropic", agent.path("provider").asText());
        assertEquals("claude-sonnet-4-20250514", agent.path("model").asText());
        assertEquals("You are a senior code reviewer.", agent.path("system_prompt").asText());
        assertEquals(0.3, agent.path("temperature").asDouble(), 1e-9);
        assertEquals(4096, agent.path("max_tokens").asInt());
        assertEquals(List.of("web_search", "code.exec"), texts(agent.path("tools")));
        assertEquals(List.of("code", "review", tag), texts(agent.path("tags")));
        assertEquals(List.of(base), texts(agent.path("knowledge_base_ids")));
        assertEquals("busy", agent.path("status").asText());
        assertTrue(agent.path("is_marketplace").asBoolean(), "is_marketplace: " + agent);
        assertEquals(org.id().toString(), agent.path("organization_id").asText());
        assertEquals(0, agent.path("install_count").asLong());
        assertNotNull(OffsetDateTime.parse(agent.path("created_at").asText()));
        assertNotNull(OffsetDateTime.parse(agent.path("updated_at").asText()));

        JsonNode fetched = api.get("/api/v1/agents/" + id).expect(200).data();
        assertEquals(agent.path("name"), fetched.path("name"));
        assertEquals(agent.path("tools"), fetched.path("tools"));
        assertEquals(agent.path("tags"), fetched.path("tags"));
        assertEquals(agent.path("knowledge_base_ids"), fetched.path("knowledge_base_ids"));
        assertEquals(agent.path("temperature").asDouble(), fetched.path("temperature").asDouble(), 1e-9);
        assertEquals(agent.path("is_marketplace"), fetched.path("is_marketplace"));
        assertTrue(api.listAllIds("/api/v1/agents").contains(id));

        // PATCH changes only what is sent
        Api.sleep(20); // so updated_at (microsecond precision) visibly moves
        JsonNode patched = api.patch("/api/v1/agents/" + id, obj("name", "Code Reviewer 2", "temperature", 1.5)).expect(200).data();
        assertEquals("Code Reviewer 2", patched.path("name").asText());
        assertEquals(1.5, patched.path("temperature").asDouble(), 1e-9);
        assertEquals("claude-sonnet-4-20250514", patched.path("model").asText(), "untouched fields stay");
        assertEquals("Reviews code for bugs and best practices", patched.path("description").asText());
        assertEquals(4096, patched.path("max_tokens").asInt());
        assertEquals(agent.path("tags"), patched.path("tags"));
        assertEquals("busy", patched.path("status").asText());
        assertEquals(instant(agent, "created_at"), instant(patched, "created_at"), "created_at never changes");
        assertTrue(instant(patched, "updated_at").isAfter(instant(agent, "updated_at")), "updated_at moves forward");

        // null clears optional fields; empty lists clear lists
        JsonNode cleared = api.patch("/api/v1/agents/" + id, obj("description", null, "system_prompt", null,
                "temperature", null, "max_tokens", null, "tools", List.of(), "tags", List.of())).expect(200).data();
        assertTrue(cleared.has("description") && cleared.get("description").isNull(), "description cleared: " + cleared);
        assertTrue(cleared.get("system_prompt").isNull(), "system_prompt cleared: " + cleared);
        assertTrue(cleared.get("temperature").isNull(), "temperature cleared: " + cleared);
        assertTrue(cleared.get("max_tokens").isNull(), "max_tokens cleared: " + cleared);
        assertEquals(0, cleared.path("tools").size());
        assertEquals(0, cleared.path("tags").size());
        assertEquals("Code Reviewer 2", cleared.path("name").asText());
        JsonNode reread = api.get("/api/v1/agents/" + id).expect(200).data();
        assertTrue(reread.get("description").isNull(), "the clear was stored: " + reread);

        // an empty PATCH changes nothing
        JsonNode same = api.patch("/api/v1/agents/" + id, obj()).expect(200).data();
        assertEquals("Code Reviewer 2", same.path("name").asText());

        // other enum values
        JsonNode moved = api.patch("/api/v1/agents/" + id, obj("provider", "ollama", "model", "llama3.1:8b",
                "status", "offline", "is_marketplace", false)).expect(200).data();
        assertEquals("ollama", moved.path("provider").asText());
        assertEquals("offline", moved.path("status").asText());
        assertFalse(moved.path("is_marketplace").asBoolean());

        Api.Resp deleted = api.delete("/api/v1/agents/" + id).expect(204);
        assertTrue(deleted.body().isEmpty());
        api.get("/api/v1/agents/" + id).expectError(404, "not_found");
        api.patch("/api/v1/agents/" + id, obj("name", "ghost")).expectError(404, "not_found");
        api.delete("/api/v1/agents/" + id).expectError(404, "not_found");
        assertFalse(api.listAllIds("/api/v1/agents").contains(id));
    }

    @Test
    void minimalAgentGetsDefaults() {
        JsonNode agent = api.createAgent("minimal");
        assertEquals("idle", agent.path("status").asText(), "status defaults to idle");
        assertFalse(agent.path("is_marketplace").asBoolean(), "is_marketplace defaults to false");
        assertFalse(agent.path("model").asText("").isBlank(), "a default model is filled in: " + agent);
        assertTrue(Set.of("openai", "anthropic", "ollama", "openai_compatible").contains(agent.path("provider").asText()),
                "provider is one of the known ones: " + agent);
        assertTrue(agent.path("tools").isArray() && agent.path("tools").isEmpty(), "tools [] by default: " + agent);
        assertTrue(agent.path("tags").isArray() && agent.path("tags").isEmpty(), "tags [] by default");
        assertTrue(agent.path("knowledge_base_ids").isArray() && agent.path("knowledge_base_ids").isEmpty());
        assertTrue(agent.has("description") && agent.get("description").isNull(), "description null by default: " + agent);

        // the provider is inferred from a bare model name
        assertEquals("anthropic", api.createAgent("claude", "model", "claude-3-5-haiku").path("provider").asText());
        assertEquals("openai", api.createAgent("gpt", "model", "gpt-4o").path("provider").asText());
        assertEquals("openai_compatible", api.createAgent("vllm", "model", "my-model", "provider", "openai_compatible")
                .path("provider").asText());
        // names are trimmed, unicode is kept
        assertEquals("Ágent ✓ 日本", api.createAgent("  Ágent ✓ 日本  ").path("name").asText());
    }

    @Test
    void eachBadFieldIsA400NamingIt() {
        String long5001 = "d".repeat(5001);
        Object[][] cases = {
                {obj(), "name"},
                {obj("name", null), "name"},
                {obj("name", ""), "name"},
                {obj("name", "   "), "name"},
                {obj("name", 123), "name"},
                {obj("name", List.of("x")), "name"},
                {obj("name", "n".repeat(201)), "name"},
                {obj("name", "ok", "temperature", 2.5), "temperature"},
                {obj("name", "ok", "temperature", -0.1), "temperature"},
                {obj("name", "ok", "temperature", "hot"), "temperature"},
                {obj("name", "ok", "temperature", true), "temperature"},
                {obj("name", "ok", "max_tokens", 0), "max_tokens"},
                {obj("name", "ok", "max_tokens", 1_000_001), "max_tokens"},
                {obj("name", "ok", "max_tokens", 1.5), "max_tokens"},
                {obj("name", "ok", "max_tokens", "many"), "max_tokens"},
                {obj("name", "ok", "max_tokens", 99999999999L), "max_tokens"},
                {obj("name", "ok", "provider", "gemini"), "provider"},
                {obj("name", "ok", "provider", "OpenAI"), "provider"},
                {obj("name", "ok", "provider", 1), "provider"},
                {obj("name", "ok", "status", "sleeping"), "status"},
                {obj("name", "ok", "status", ""), "status"},
                {obj("name", "ok", "model", ""), "model"},
                {obj("name", "ok", "model", 4), "model"},
                {obj("name", "ok", "description", long5001), "description"},
                {obj("name", "ok", "description", 5), "description"},
                {obj("name", "ok", "system_prompt", List.of()), "system_prompt"},
                {obj("name", "ok", "tools", "web_search"), "tools"},
                {obj("name", "ok", "tools", List.of(1)), "tools[0]"},
                {obj("name", "ok", "tools", List.of("ok", "bad tool!")), "tools[1]"},
                {obj("name", "ok", "tags", List.of("")), "tags[0]"},
                {obj("name", "ok", "tags", Map.of("a", 1)), "tags"},
                {obj("name", "ok", "tags", List.of("a*b")), "tags[0]"},
                {obj("name", "ok", "knowledge_base_ids", List.of("not-a-uuid")), "knowledge_base_ids[0]"},
                {obj("name", "ok", "knowledge_base_ids", "1b4e28ba-2fa1-11d2-883f-0016d3cca427"), "knowledge_base_ids"},
                // a base that does not exist, or is another organization's
                {obj("name", "ok", "knowledge_base_ids", List.of("1b4e28ba-2fa1-11d2-883f-0016d3cca427")), "knowledge_base_ids[0]"},
                {obj("name", "ok", "knowledge_base_ids", List.of(base, foreignBase())), "knowledge_base_ids[1]"},
                {obj("name", "ok", "is_marketplace", "yes"), "is_marketplace"},
                {obj("name", "ok", "is_marketplace", 1), "is_marketplace"},
                {obj("name", "ok", "colour", "red"), "colour"},
                {obj("name", "ok", "id", UUID.randomUUID().toString()), "id"},
                {obj("name", "ok", "install_count", 5), "install_count"},
                {obj("name", "ok", "workspace_id", UUID.randomUUID().toString()), "workspace_id"},
                {obj("name", "ok", "organization_id", UUID.randomUUID().toString()), "organization_id"},
        };
        String tag = Api.unique("invalid");
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) c[0];
            body.putIfAbsent("tags", List.of(tag));
            String field = (String) c[1];
            api.post("/api/v1/agents", body).expectInvalid(field);
            api.v2().post("/api/v1/agents", body).expectInvalid(field);
        }
        assertEquals(0, api.listAll("/api/v1/agents?tag=" + Api.enc(tag)).size(), "no invalid agent was created");

        // the organization's own id is accepted (CrewForm clients send it)
        api.createAgent("own workspace", "workspace_id", org.id().toString());

        // PATCH validates the same way, and refuses null for required fields
        String id = api.createAgent("patch target", "description", "keep me").path("id").asText();
        Object[][] patches = {
                {obj("name", null), "name"},
                {obj("name", ""), "name"},
                {obj("model", null), "model"},
                {obj("provider", null), "provider"},
                {obj("status", null), "status"},
                {obj("tools", null), "tools"},
                {obj("is_marketplace", null), "is_marketplace"},
                {obj("temperature", 3), "temperature"},
                {obj("max_tokens", -5), "max_tokens"},
                {obj("status", "running"), "status"},
                {obj("nickname", "x"), "nickname"},
        };
        for (Object[] c : patches) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) c[0];
            api.patch("/api/v1/agents/" + id, body).expectInvalid((String) c[1]);
        }
        JsonNode unchanged = api.get("/api/v1/agents/" + id).expect(200).data();
        assertEquals("patch target", unchanged.path("name").asText(), "refused PATCHes change nothing");
        assertEquals("keep me", unchanged.path("description").asText());

        // malformed bodies and ids
        api.post("/api/v1/agents", "{\"name\": ").expectError(400, "bad_request");
        api.post("/api/v1/agents", "[{\"name\": \"x\"}]").expectError(400, "bad_request");
        api.post("/api/v1/agents", "").expectError(400, "bad_request");
        api.get("/api/v1/agents/not-a-uuid").expectInvalid("id");
        api.patch("/api/v1/agents/123", obj("name", "x")).expectInvalid("id");
        api.delete("/api/v1/agents/xyz").expectInvalid("id");
    }

    @Test
    void listFiltersCombine() {
        String tag = Api.unique("filters");
        String a = api.createAgent("f-a", "tags", List.of(tag, "alpha"), "provider", "openai", "model", "gpt-4o", "status", "idle").path("id").asText();
        String b = api.createAgent("f-b", "tags", List.of(tag, "beta"), "provider", "anthropic", "model", "claude-x", "status", "busy").path("id").asText();
        String c = api.createAgent("f-c", "tags", List.of(tag), "provider", "ollama", "model", "llama3", "status", "busy",
                "is_marketplace", true).path("id").asText();
        String d = api.createAgent("f-d", "tags", List.of(tag + "-other"), "provider", "anthropic", "model", "claude-y",
                "status", "busy", "is_marketplace", true).path("id").asText();

        String base = "/api/v1/agents?tag=" + Api.enc(tag);
        assertEquals(Set.of(a, b, c), ids(base), "tag is an exact match, not a prefix");
        assertEquals(Set.of(b, c), ids(base + "&status=busy"));
        assertEquals(Set.of(a), ids(base + "&status=idle"));
        assertEquals(Set.of(), ids(base + "&status=offline"));
        assertEquals(Set.of(b), ids(base + "&provider=anthropic"));
        assertEquals(Set.of(c), ids(base + "&is_marketplace=true"));
        assertEquals(Set.of(a, b), ids(base + "&is_marketplace=false"));
        assertEquals(Set.of(c), ids(base + "&status=busy&provider=ollama&is_marketplace=true"));
        assertEquals(Set.of(), ids(base + "&status=idle&provider=anthropic"));
        assertEquals(Set.of(a), ids("/api/v1/agents?tag=alpha"));
        assertTrue(ids("/api/v1/agents?is_marketplace=true").containsAll(Set.of(c, d)));
        assertTrue(ids("/api/v1/agents?provider=anthropic&status=busy").containsAll(Set.of(b, d)));

        // v2 filters the same
        Api.Resp v2 = api.v2().get(base + "&status=busy").expect(200);
        assertEquals(Set.of(b, c), new HashSet<>(v2.ids()));

        // bad filter values name the parameter
        api.get("/api/v1/agents?status=sleeping").expectInvalid("status");
        api.get("/api/v1/agents?provider=gemini").expectInvalid("provider");
        api.get("/api/v1/agents?is_marketplace=maybe").expectInvalid("is_marketplace");
        api.get("/api/v1/agents?tag=" + Api.enc("a*b")).expectInvalid("tag");
        api.get("/api/v1/agents?tag=" + Api.enc("%")).expectInvalid("tag");
        api.get("/api/v1/agents?tag=" + "t".repeat(65)).expectInvalid("tag");
    }

    @Test
    void otherOrganizationsAgentsAreNotFound() {
        Api.Org other = Api.createOrg("agents-other");
        JsonNode theirs = other.api().createAgent("theirs", "description", "private");
        String id = theirs.path("id").asText();

        api.get("/api/v1/agents/" + id).expectError(404, "not_found");
        api.patch("/api/v1/agents/" + id, obj("name", "mine now")).expectError(404, "not_found");
        api.delete("/api/v1/agents/" + id).expectError(404, "not_found");
        assertFalse(api.listAllIds("/api/v1/agents").contains(id));

        JsonNode still = other.api().get("/api/v1/agents/" + id).expect(200).data();
        assertEquals("theirs", still.path("name").asText());
        assertEquals("private", still.path("description").asText());
    }

    // ------------------------------------------------------------------ helpers

    private static Set<String> ids(String path) {
        return new HashSet<>(api.listAllIds(path));
    }

    private static List<String> texts(JsonNode array) {
        assertTrue(array.isArray(), "expected an array: " + array);
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static java.time.Instant instant(JsonNode node, String field) {
        return OffsetDateTime.parse(node.path(field).asText()).toInstant();
    }
}
