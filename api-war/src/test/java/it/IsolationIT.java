package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Organization isolation: whatever ids it guesses, organization B can never read, list, change or
 * delete organization A's agents, tokens or organization record, and A's data is unchanged after
 * every attempt.
 */
class IsolationIT {

    private static Api.Org orgA;
    private static Api.Org orgB;
    private static Api a;
    private static Api b;

    @BeforeAll
    static void setUp() {
        orgA = Api.createOrg("isolation-a");
        orgB = Api.createOrg("isolation-b");
        a = orgA.api();
        b = orgB.api();
    }

    @Test
    void agentsOfAnotherOrganizationAreInvisibleAndUntouchable() {
        String tag = Api.unique("secret");
        JsonNode agent = a.createAgent("A's agent", "description", "confidential", "tags", List.of(tag),
                "system_prompt", "A's prompt");
        String id = agent.path("id").asText();
        JsonNode before = a.get("/api/v1/agents/" + id).expect(200).json();
        b.createAgent("B's own agent");

        for (Api attacker : List.of(b, b.v2(), b.viaApiKeyHeader(), Api.at(Jwt.forOrg(orgB.id(), "owner").sign()))) {
            attacker.get("/api/v1/agents/" + id).expectError(404, "not_found");
            attacker.get("/functions/v1/api/v1/agents/" + id).expectError(404, "not_found");
            attacker.get("/api/v1/agents/" + id.toUpperCase()).expectError(404, "not_found");
            attacker.patch("/api/v1/agents/" + id, obj("name", "pwned")).expectError(404, "not_found");
            attacker.patch("/api/v1/agents/" + id, obj("description", null)).expectError(404, "not_found");
            attacker.delete("/api/v1/agents/" + id).expectError(404, "not_found");
            attacker.delete("/functions/v1/api/v1/agents/" + id).expectError(404, "not_found");
            assertFalse(attacker.listAllIds("/api/v1/agents").contains(id), "B's list must not show A's agent");
            assertTrue(attacker.listAll("/api/v1/agents?tag=" + Api.enc(tag)).isEmpty(), "B's filtered list is empty");
            assertTrue(attacker.listAll("/api/v1/agents?tag=" + Api.enc(tag) + "&status=idle").isEmpty());
            // claiming A's organization in the body does not help
            attacker.post("/api/v1/agents", obj("name", "planted", "workspace_id", orgA.id().toString()))
                    .expectInvalid("workspace_id");
            attacker.post("/api/v1/agents", obj("name", "planted", "organization_id", orgA.id().toString()))
                    .expectInvalid("organization_id");
        }

        JsonNode after = a.get("/api/v1/agents/" + id).expect(200).json();
        assertEquals(before, after, "A's agent is unchanged after B's attempts");
        assertEquals(0, Api.countRows("select count(*) from agents where organization_id = ? and name = 'planted'", orgA.id()),
                "nothing was planted in A");
        assertTrue(a.listAllIds("/api/v1/agents").contains(id));
        // B's own agents never show up in A's list either
        for (JsonNode row : a.listAll("/api/v1/agents")) {
            assertEquals(orgA.id().toString(), row.path("organization_id").asText(), "A lists only A's agents");
        }
    }

    @Test
    void tokensOfAnotherOrganizationAreInvisibleAndUntouchable() {
        JsonNode token = a.post("/api/v1/tokens", obj("name", "A's integration")).expect(201).data();
        String id = token.path("id").asText();
        String secret = token.path("token").asText();
        JsonNode before = a.get("/api/v1/tokens/" + id).expect(200).json();

        // A's new token and A's owner token (Api.createOrg fails when the owner token id is missing)
        List<String> targets = List.of(id, orgA.ownerTokenId());
        for (Api attacker : List.of(b, b.v2(), Api.at(Jwt.forOrg(orgB.id(), "admin").sign()))) {
            for (String target : targets) {
                attacker.get("/api/v1/tokens/" + target).expectError(404, "not_found");
                attacker.patch("/api/v1/tokens/" + target, obj("name", "pwned")).expectError(404, "not_found");
                attacker.patch("/api/v1/tokens/" + target, obj("status", "revoked")).expectError(404, "not_found");
                attacker.post("/api/v1/tokens/" + target + "/revoke", null).expectError(404, "not_found");
                attacker.delete("/api/v1/tokens/" + target).expectError(404, "not_found");
            }
            List<String> visible = attacker.listAllIds("/api/v1/tokens");
            assertTrue(targets.stream().noneMatch(visible::contains), "B's token list must not show A's tokens");
            assertTrue(attacker.listAllIds("/api/v1/tokens?status=active").stream().noneMatch(targets::contains));
        }

        JsonNode after = a.get("/api/v1/tokens/" + id).expect(200).json();
        assertEquals(before, after, "A's token record is unchanged (not renamed, not revoked, not used)");
        Api.at(secret).get("/api/v1/agents").expect(200);
        a.get("/api/v1/agents").expect(200);
    }

    @Test
    void anotherOrganizationsRecordIsNotVisible() {
        JsonNode own = b.get("/api/v1/organizations/" + orgB.id()).expect(200).data();
        assertEquals(orgB.id().toString(), own.path("id").asText());

        String orgPath = "/api/v1/organizations/" + orgA.id();
        assertNotVisible(b.get(orgPath));
        assertNotVisible(b.patch(orgPath, obj("name", "pwned")));
        assertNotVisible(b.patch(orgPath, obj("plan", "enterprise")));
        assertNotVisible(b.get(orgPath + "/members"));
        assertNotVisible(b.post(orgPath + "/members", obj("email", "spy-" + UUID.randomUUID() + "@evil.test", "role", "owner")));
        // (Api.createOrg fails when the owner's user id is missing, so these always run)
        assertNotVisible(b.patch(orgPath + "/members/" + orgA.ownerUserId(), obj("role", "member")));
        assertNotVisible(b.delete(orgPath + "/members/" + orgA.ownerUserId()));
        Api jwtB = Api.at(Jwt.forOrg(orgB.id(), "owner").sign());
        assertNotVisible(jwtB.get(orgPath));
        assertNotVisible(jwtB.patch(orgPath, obj("name", "pwned")));

        // B's organization list shows B and never A (non-system callers list their own organization)
        Api.Resp list = b.get("/api/v1/organizations").expect(200);
        Set<String> ids = Set.copyOf(list.ids());
        assertFalse(ids.contains(orgA.id().toString()), "B's organization list must not show A: " + list.describe());
        assertTrue(ids.contains(orgB.id().toString()), "B's organization list shows B: " + list.describe());
        assertEquals(Set.of(orgB.id().toString()), Set.copyOf(b.listAllIds("/api/v1/organizations")),
                "B lists exactly its own organization");

        JsonNode orgAfter = a.get(orgPath).expect(200).data();
        assertEquals(orgA.name(), orgAfter.path("name").asText(), "A's name unchanged");
        assertEquals("team", orgAfter.path("plan").asText(), "A's plan unchanged");
        List<JsonNode> members = a.listAll(orgPath + "/members");
        assertTrue(members.stream().noneMatch(m -> m.path("email").asText("").endsWith("@evil.test")), "no spy member added");
        assertTrue(members.stream().anyMatch(m -> "owner".equals(m.path("role").asText())), "A still has its owner");
    }

    @Test
    void randomlyGuessedIdsAreNotFound() {
        for (int i = 0; i < 5; i++) {
            String guess = UUID.randomUUID().toString();
            b.get("/api/v1/agents/" + guess).expectError(404, "not_found");
            b.get("/api/v1/tokens/" + guess).expectError(404, "not_found");
            b.delete("/api/v1/agents/" + guess).expectError(404, "not_found");
            b.patch("/api/v1/tokens/" + guess, obj("name", "x")).expectError(404, "not_found");
        }
    }

    /**
     * Every operation of /openapi that addresses a record by id, called by organization B with
     * the ids of A's records (with a body that would be valid): each answers 404 (or 403), and A's
     * records are as they were. Every list B can read shows none of A's ids.
     */
    @Test
    void everyOperationOfTheApiRefusesAnotherOrganizationsIds() {
        FakeLlmServer.start();
        Map<String, String> ids = new LinkedHashMap<>();
        String agent = a.createAgent("isolated", "provider", "openai", "model", "gpt-4o-mini").path("id").asText();
        ids.put("{id}", agent);
        ids.put("{agentId}", agent);
        ids.put("{orgId}", orgA.id().toString());
        ids.put("{userId}", orgA.ownerUserId());
        String base = a.post("/api/v1/bases", obj("name", "isolated base")).expect(201).id();
        ids.put("{baseId}", base);
        String item = a.post("/api/v1/bases/" + base + "/items", obj("title", "isolated", "content", "secret text")).expect(201).id();
        ids.put("{itemId}", item);
        new Knowledge(a).awaitReady(base, item);
        ids.put("{conversationId}", a.post("/api/v1/chat/" + agent, obj("message", "private")).expect(200).data()
                .path("conversation_id").asText());
        String token = a.post("/api/v1/tokens", obj("name", "isolated token")).expect(201).id();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String hook = a.post("/api/v1/hooks", obj("target_url", receiver.url("iso"), "event", "task.completed")).expect(201).id();
            ids.put("{hookId}", hook);
            String task = a.post("/api/v1/tasks", obj("title", "isolated task", "assigned_agent_id", agent)).expect(201).id();
            ids.put("{taskId}", task);
            Tasks.await(a, task, 20_000, "completed");
            assertEquals(1, receiver.await("iso", 1, 10_000).size(), "the task's completion was delivered");
            Api.sleep(300);
            ids.put("{deliveryId}", a.listAll("/api/v1/hooks/" + hook + "/deliveries").get(0).path("id").asText());
        }
        ids.put("{teamId}", a.post("/api/v1/teams", obj("name", "isolated team", "config",
                obj("steps", List.of(obj("agent_id", agent))))).expect(201).id());
        ids.put("{runId}", Runs.start(a, ids.get("{teamId}"), "isolated run").path("id").asText());
        Runs.await(a, ids.get("{runId}"), 20_000, "completed");
        Map<String, JsonNode> before = new TreeMap<>();
        for (String path : readable(ids, token)) {
            before.put(path, a.get(path).expect(200).data());
        }

        int checked = 0;
        for (MalformedInputSweepIT.Endpoint endpoint : MalformedInputSweepIT.endpoints()) {
            if (!endpoint.hasIds() || endpoint.template().startsWith("/functions")) {
                continue;
            }
            Map<String, String> filled = new LinkedHashMap<>(ids);
            if (endpoint.template().contains("/tokens/")) {
                filled.put("{id}", token);
            }
            String path = endpoint.template();
            for (Map.Entry<String, String> e : filled.entrySet()) {
                path = path.replace(e.getKey(), e.getValue());
            }
            assertFalse(path.contains("{"), "a placeholder the sweep does not know: " + endpoint.template());
            Object body = endpoint.body() ? validBody(endpoint) : null;
            Api.Resp r = b.call(endpoint.method(), path).body(body).send();
            assertNotVisible(r);
            checked++;
        }
        assertTrue(checked > 30, "operations with ids checked: " + checked);

        for (MalformedInputSweepIT.Endpoint endpoint : MalformedInputSweepIT.endpoints()) {
            if (endpoint.list() && !endpoint.hasIds() && !endpoint.template().startsWith("/functions")
                    && !endpoint.template().contains("/organizations")) {
                List<String> seen = b.listAllIds(endpoint.template());
                for (String id : ids.values()) {
                    assertFalse(seen.contains(id), endpoint.template() + " shows B one of A's records: " + id);
                }
            }
        }
        for (Map.Entry<String, JsonNode> e : before.entrySet()) {
            assertEquals(e.getValue(), a.get(e.getKey()).expect(200).data(), e.getKey() + " changed");
        }
    }

    /** A's records as A reads them, to compare after B's attempts. */
    private static List<String> readable(Map<String, String> ids, String token) {
        return List.of("/api/v1/agents/" + ids.get("{id}"), "/api/v1/bases/" + ids.get("{baseId}"),
                "/api/v1/bases/" + ids.get("{baseId}") + "/items/" + ids.get("{itemId}"),
                "/api/v1/conversations/" + ids.get("{conversationId}"), "/api/v1/tokens/" + token,
                "/api/v1/tasks/" + ids.get("{taskId}"), "/api/v1/hooks/" + ids.get("{hookId}"),
                "/api/v1/teams/" + ids.get("{teamId}"), "/api/v1/runs/" + ids.get("{runId}"),
                "/api/v1/organizations/" + ids.get("{orgId}"));
    }

    /** A body the operation would accept from A, so only the ownership check can refuse it. */
    private static Object validBody(MalformedInputSweepIT.Endpoint endpoint) {
        String t = endpoint.template();
        if (t.endsWith("/members")) {
            return obj("email", "spy-" + UUID.randomUUID() + "@evil.test", "role", "member");
        }
        if (t.contains("/members/")) {
            return obj("role", "member");
        }
        if (t.endsWith("/resume")) {
            return obj("output", "pwned");
        }
        if (t.endsWith("/query")) {
            return obj("query", "secret");
        }
        if (t.endsWith("/items")) {
            return obj("title", "planted", "content", "planted");
        }
        if (t.contains("/chat/")) {
            return obj("message", "hello");
        }
        if (t.contains("/tasks/") || t.contains("/items/")) {
            return obj("title", "pwned");
        }
        if (t.contains("/hooks/")) {
            return obj("description", "pwned");
        }
        if (t.contains("/conversations/")) {
            return obj("title", "pwned");
        }
        return obj("name", "pwned");
    }

    private static void assertNotVisible(Api.Resp r) {
        assertTrue(r.status() == 404 || r.status() == 403,
                "another organization's record must be 404 (or 403), got " + r.describe());
        assertTrue(r.json().path("error").isObject(), "error body: " + r.describe());
    }
}
