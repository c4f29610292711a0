package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CrewForm's v2 API (shared/seeds/crewform-rest-api-reference.txt, "API v2") against Agentry:
 * {@code /functions/v1/api-*} with {@code ?id=} addressing, a {@code cf_} key in
 * {@code X-API-Key}, the envelope with {@code X-API-Version: 2}, the seed's bodies and curl
 * examples, its error codes, and nothing of another organization visible.
 */
class CrewFormV2IT {

    private static final String F = "/functions/v1/api-";

    private static FakeLlmServer fake;
    private static Api.Org org;
    /** As the seed's curl examples send it: X-API-Key: cf_... */
    private static Api cf;

    @BeforeAll
    static void setUp() {
        fake = FakeLlmServer.start();
        org = Api.createOrg("crewform-v2");
        String key = org.api().post("/api/v1/tokens", obj("name", "Zapier", "key_prefix", "cf_")).expect(201).data()
                .path("token").asText();
        cf = Api.at(key).viaApiKeyHeader();
    }

    @Test
    void theSeedsCurlExamplesWork() {
        // List agents (v2 with envelope)
        Api.Resp list = cf.v2().get(F + "agents").expect(200);
        assertTrue(list.json().path("data").path("items").isArray(), list.body());
        assertTrue(list.json().path("data").has("has_more") && list.json().path("data").has("next_cursor"), list.body());
        assertEquals(2, list.json().path("meta").path("api_version").asInt());
        for (String header : List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")) {
            list.requireHeader(header);
        }

        // Create a task and auto-dispatch to an agent
        String agent = ChatIT.agent(org.api(), "openai");
        JsonNode task = cf.post(F + "tasks", obj("title", "Review PR", "description", "...", "assigned_agent_id", agent))
                .expect(201).json();
        assertEquals("dispatched", task.path("status").asText(), task.toString());
        Tasks.await(cf, task.path("id").asText(), 20_000, "completed");

        // Start a team run (accepted: it runs in the background)
        String team = cf.post(F + "teams", obj("name", Api.unique("Content Pipeline"), "description", "Research → Write → Edit",
                "mode", "pipeline", "config", obj("steps", List.of(obj("agent_id", agent, "step_name", "Research",
                        "instructions", "Research the topic thoroughly", "expected_output", "Detailed research notes",
                        "on_failure", "retry", "max_retries", 2)), "auto_handoff", true))).expect(201).id();
        JsonNode run = cf.post(F + "runs", obj("team_id", team, "input_task", "Research AI trends")).expect(202).json();
        assertEquals(team, run.path("team_id").asText(), run.toString());
        Runs.await(org.api(), run.path("id").asText(), 20_000, "completed");
    }

    @Test
    void agentsAreAddressedById() {
        JsonNode created = cf.post(F + "agents", obj("name", "Code Reviewer", "model", "claude-sonnet-4-20250514",
                "description", "Reviews code for bugs and best practices", "system_prompt", "You are a senior code reviewer...",
                "temperature", 0.3, "tools", List.of(), "status", "idle")).expect(201).json();
        String id = created.path("id").asText();
        assertEquals("Code Reviewer", cf.get(F + "agents?id=" + id).expect(200).json().path("name").asText());
        assertEquals("idle", cf.v2().get(F + "agents?id=" + id).expect(200).data().path("status").asText());
        assertEquals(0.5, cf.patch(F + "agents?id=" + id, obj("temperature", 0.5)).expect(200).json().path("temperature").asDouble());
        assertTrue(cf.get(F + "agents").expect(200).ids().contains(id), "v1: a bare array");
        cf.delete(F + "agents?id=" + id).expect(204);
        cf.v2().get(F + "agents?id=" + id).expectError(404, "not_found");
    }

    @Test
    void listsPageWithLimitAndCursorIncludingTheSeedsTimestampCursor() {
        Api api = Api.createOrg("crewform-pages").api();
        for (int i = 0; i < 3; i++) {
            api.createAgent("paged " + i);
            Api.sleep(5);
        }
        JsonNode first = api.v2().get(F + "agents?limit=2").expect(200).data();
        assertEquals(2, first.path("items").size());
        assertTrue(first.path("has_more").asBoolean());
        JsonNode next = api.v2().get(F + "agents?limit=2&cursor=" + Api.enc(first.path("next_cursor").asText())).expect(200).data();
        assertEquals(1, next.path("items").size());
        assertFalse(next.path("has_more").asBoolean());
        // the seed's cursor is a bare timestamp: the rows created before it
        String newest = first.path("items").get(0).path("created_at").asText();
        JsonNode older = api.v2().get(F + "agents?limit=10&cursor=" + Api.enc(newest)).expect(200).data().path("items");
        assertEquals(List.of("paged 1", "paged 0"), List.of(older.get(0).path("name").asText(), older.get(1).path("name").asText()));
    }

    @Test
    void tasksTeamsRunsHooksAndMeAsTheSeedDescribesThem() {
        Api api = Api.createOrg("crewform-rows").api();
        String agent = ChatIT.agent(api, "openai");
        String task = api.post(F + "tasks", obj("title", "Review PR #42", "description", "Review the authentication changes",
                "priority", "urgent", "metadata", obj())).expect(201).json().path("id").asText();
        assertEquals("pending", api.get(F + "tasks?id=" + task).expect(200).json().path("status").asText());
        assertTrue(api.get(F + "tasks?status=pending").expect(200).ids().contains(task));
        assertFalse(api.get(F + "tasks?status=running").expect(200).ids().contains(task));
        assertEquals("high", api.patch(F + "tasks?id=" + task, obj("priority", "high")).expect(200).json().path("priority").asText());
        api.delete(F + "tasks?id=" + task).expect(204);

        String team = api.post(F + "teams", obj("name", "Content Pipeline", "mode", "pipeline", "config",
                obj("steps", List.of(obj("agent_id", agent, "step_name", "Research", "instructions", "Research")), "auto_handoff", true)))
                .expect(201).json().path("id").asText();
        JsonNode listed = api.get(F + "teams").expect(200).json().get(0);
        assertEquals(agent, listed.path("members").get(0).path("agent_id").asText(), "lists include members: " + listed);
        assertEquals("Pipeline", api.patch(F + "teams?id=" + team, obj("name", "Pipeline")).expect(200).json().path("name").asText());

        String run = api.post(F + "runs", obj("team_id", team, "input_task", "Research the latest trends")).expect(202).json()
                .path("id").asText();
        Runs.await(api, run, 20_000, "completed");
        assertEquals(List.of(run), api.get(F + "runs?team_id=" + team).expect(200).ids());
        JsonNode one = api.get(F + "runs?id=" + run).expect(200).json();
        assertTrue(one.path("messages").isArray() && one.path("messages").size() > 0, "a run includes its messages: " + one);

        WebhookReceiver receiver = new WebhookReceiver();
        try {
            JsonNode hook = api.post(F + "hooks", obj("target_url", receiver.url("zap"), "event", "task_completed")).expect(201).json();
            assertTrue(api.get(F + "hooks").expect(200).ids().contains(hook.path("id").asText()));
            api.delete(F + "hooks?id=" + hook.path("id").asText()).expect(204);
            assertFalse(api.get(F + "hooks").expect(200).ids().contains(hook.path("id").asText()));
        } finally {
            receiver.close();
        }

        JsonNode me = api.get(F + "me").expect(200).json();
        for (String field : List.of("id", "email", "name", "workspace_id", "workspace_name", "plan", "api_version")) {
            assertTrue(me.has(field), field + " in " + me);
        }
        assertEquals(2, api.v2().get(F + "me").expect(200).data().path("api_version").asInt());
    }

    @Test
    void theSeedsErrorCodes() {
        // 405 for a method a function lacks, naming the ones it has
        Api.Resp patchRun = cf.v2().patch(F + "runs?id=" + java.util.UUID.randomUUID(), obj("status", "x"))
                .expectError(405, "method_not_allowed");
        assertEquals(java.util.Set.of("GET", "POST"), java.util.Set.of(patchRun.requireHeader("Allow").replace(" ", "").split(",")));
        assertTrue(patchRun.json().has("meta"), "v2 errors carry meta: " + patchRun.body());
        cf.put(F + "agents", obj("name", "x")).expectError(405, "method_not_allowed");
        cf.delete(F + "me").expectError(405, "method_not_allowed");
        // ids: required, single, well formed
        cf.delete(F + "agents").expectInvalid("id");
        cf.patch(F + "tasks", obj("title", "x")).expectInvalid("id");
        cf.get(F + "agents?id=not-a-uuid").expectInvalid("id");
        cf.get(F + "agents?id=" + java.util.UUID.randomUUID() + "&id=" + java.util.UUID.randomUUID()).expectInvalid("id");
        cf.post(F + "agents?id=" + java.util.UUID.randomUUID(), obj("name", "x")).expectInvalid("id");
        cf.get(F + "agents?id=" + java.util.UUID.randomUUID()).expectError(404, "not_found");
        cf.post(F + "tasks", obj("title", "")).expectInvalid("title");
        // credentials
        cf.anonymous().get(F + "agents").expectError(401, "unauthorized");
        Api.at("cf_" + "0".repeat(64)).viaApiKeyHeader().get(F + "agents").expectError(401, "unauthorized");
        // an unknown function is a plain 404
        cf.get(F + "widgets").expectError(404, "not_found");
    }

    @Test
    void theFunctionsAreInTheOpenApiDocumentUnderTheirOwnTag() {
        JsonNode doc = Api.bootstrap().get("/openapi?format=JSON").expect(200).json();
        for (String function : List.of("agents", "tasks", "teams", "runs", "hooks", "me")) {
            assertTrue(doc.path("paths").has(F + function), function);
        }
        JsonNode patch = doc.path("paths").path(F + "tasks").path("patch");
        assertEquals("CrewForm v2", patch.path("tags").get(0).asText(), patch.toString());
        assertTrue(patch.path("parameters").toString().contains("\"name\":\"id\",\"in\":\"query\""), patch.toString());
        assertTrue(doc.path("paths").path(F + "runs").path("patch").isMissingNode(), "api-runs has no PATCH");
        assertTrue(doc.path("tags").toString().contains("CrewForm v2"));
        // and so the malformed-input sweep covers them, with their ids in the query
        assertTrue(MalformedInputSweepIT.endpoints().stream().anyMatch(e -> e.template().equals(F + "tasks?id={taskId}")
                && e.method().equals("PATCH")));
    }

    @Test
    void anotherOrganizationSeesNothingThroughTheFunctions() {
        Api mine = Api.createOrg("crewform-mine").api();
        Api theirs = Api.createOrg("crewform-theirs").api();
        String agent = mine.post(F + "agents", obj("name", "private")).expect(201).json().path("id").asText();
        String task = mine.post(F + "tasks", obj("title", "private")).expect(201).json().path("id").asText();
        String team = mine.post(F + "teams", obj("name", Api.unique("private"), "mode", "pipeline", "config",
                obj("steps", List.of(obj("agent_id", agent, "step_name", "One"))))).expect(201).json().path("id").asText();
        for (String function : List.of("agents", "tasks", "teams")) {
            String id = function.equals("agents") ? agent : function.equals("tasks") ? task : team;
            theirs.get(F + function + "?id=" + id).expectError(404, "not_found");
            theirs.patch(F + function + "?id=" + id, function.equals("tasks") ? obj("title", "stolen") : obj("name", "stolen"))
                    .expectError(404, "not_found");
            theirs.delete(F + function + "?id=" + id).expectError(404, "not_found");
            assertFalse(theirs.get(F + function).expect(200).ids().contains(id), function);
        }
        assertEquals(List.of(), theirs.get(F + "runs?team_id=" + team).expect(200).ids());
        assertTrue(theirs.post(F + "runs", obj("team_id", team, "input_task", "x")).status() / 100 == 4, "a foreign team is not run");
        assertEquals(0, Api.countRows("select count(*) from team_runs where team_id = ?", java.util.UUID.fromString(team)));
        mine.get(F + "agents?id=" + agent).expect(200);
    }
}
