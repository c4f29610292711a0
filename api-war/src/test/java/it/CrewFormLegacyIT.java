package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CrewForm's legacy API (shared/seeds/crewform-rest-api-reference.txt, "API v1 (Legacy)") against
 * Agentry: {@code /rest/v1/<table>} in PostgREST's protocol with a {@code crfm_} key. Every curl
 * example and table of the seed, then each filter, ordering, window, count and single-object mode
 * one by one, the errors in PostgREST's shape, and organization isolation through every table the
 * OpenAPI document lists.
 */
class CrewFormLegacyIT {

    private static final String R = "/rest/v1/";
    private static final String SINGLE = "application/vnd.pgrst.object+json";

    private static Api.Org org;
    /** As the seed's curl examples send it: Authorization: Bearer crfm_... and the Supabase apikey. */
    private static Api crfm;

    @BeforeAll
    static void setUp() {
        FakeLlmServer.start();
        org = Api.createOrg("crewform-legacy");
        crfm = legacyKey(org);
    }

    private static Api legacyKey(Api.Org owner) {
        String key = owner.api().post("/api/v1/tokens", obj("name", "legacy script", "key_prefix", "crfm_")).expect(201).data()
                .path("token").asText();
        assertTrue(key.matches("crfm_[0-9a-f]{64}"), key);
        return Api.at(key).withHeader("apikey", "your-supabase-anon-key");
    }

    private static List<JsonNode> rows(Api.Resp r) {
        JsonNode json = r.json();
        assertTrue(json.isArray(), "a bare array: " + r.describe());
        List<JsonNode> rows = new ArrayList<>();
        json.forEach(rows::add);
        return rows;
    }

    private static List<String> names(Api.Resp r) {
        return rows(r.expect(200)).stream().map(n -> n.path("name").asText()).toList();
    }

    /** A PostgREST error: the status, its code, and all four keys. */
    static JsonNode expectPgError(Api.Resp r, int status, String code) {
        r.expect(status);
        JsonNode json = r.json();
        for (String key : List.of("code", "message", "details", "hint")) {
            assertTrue(json.has(key), "PostgREST error shape (" + key + ") in " + r.describe());
        }
        assertEquals(code, json.path("code").asText(), r.describe());
        assertFalse(json.path("message").asText().isBlank(), r.describe());
        assertFalse(json.has("error"), "not the canonical shape: " + r.describe());
        return json;
    }

    @Test
    void theSeedsCurlExamplesWork() {
        // curl -H "Authorization: Bearer crfm_..." -H "Content-Type: application/json" .../rest/v1/agents
        crfm.get(R + "agents").expect(200);
        Api.Resp unauthenticated = Api.at(null).get(R + "agents");
        expectPgError(unauthenticated, 401, "PGRST301");

        // Create Agent
        Api.Resp created = crfm.post(R + "agents", obj("name", "Code Reviewer", "model", "claude-sonnet-4-20250514",
                "provider", "anthropic", "system_prompt", "You are a senior code reviewer...",
                "workspace_id", org.id().toString())).expect(201);
        assertEquals("", created.body(), "return=minimal by default");
        String location = created.requireHeader("Location");
        assertTrue(location.startsWith("/rest/v1/agents?id=eq."), location);
        String agentId = location.substring("/rest/v1/agents?id=eq.".length());

        // List Agents: the seed's response fields
        JsonNode agent = rows(crfm.get(R + "agents?select=*").expect(200)).stream()
                .filter(a -> a.path("id").asText().equals(agentId)).findFirst().orElseThrow();
        for (String field : List.of("id", "name", "description", "model", "provider", "system_prompt", "temperature",
                "max_tokens", "tags", "workspace_id", "created_at", "updated_at")) {
            assertTrue(agent.has(field), field + " in " + agent);
        }
        assertEquals(org.id().toString(), agent.path("workspace_id").asText());
        assertEquals("anthropic", agent.path("provider").asText());

        // Update Agent
        crfm.patch(R + "agents?id=eq." + agentId, obj("name", "Updated Name", "temperature", 0.5)).expect(204);
        JsonNode updated = rows(crfm.get(R + "agents?id=eq." + agentId + "&select=*").expect(200)).get(0);
        assertEquals("Updated Name", updated.path("name").asText());
        assertEquals(0.5, updated.path("temperature").asDouble());

        // Tasks: create with agent_id and priority, read back, filter by status, priority and agent_id
        String worker = ChatIT.agent(org.api(), "openai");
        Api.Resp task = crfm.post(R + "tasks", obj("title", "Review PR #42", "description", "Review the authentication changes",
                "agent_id", worker, "priority", "high", "workspace_id", org.id().toString())).expect(201);
        String taskId = task.requireHeader("Location").substring("/rest/v1/tasks?id=eq.".length());
        Tasks.await(org.api(), taskId, 20_000, "completed");
        List<JsonNode> detail = rows(crfm.get(R + "tasks?id=eq." + taskId + "&select=*").expect(200));
        assertEquals(1, detail.size());
        assertEquals(worker, detail.get(0).path("agent_id").asText(), detail.toString());
        assertEquals("high", detail.get(0).path("priority").asText());
        assertEquals("completed", detail.get(0).path("status").asText());
        assertTrue(crfm.get(R + "tasks?select=*&order=created_at.desc").expect(200).ids().contains(taskId));
        assertTrue(crfm.get(R + "tasks?status=eq.completed").expect(200).ids().contains(taskId));
        assertFalse(crfm.get(R + "tasks?status=eq.running").expect(200).ids().contains(taskId));
        assertTrue(crfm.get(R + "tasks?priority=eq.high").expect(200).ids().contains(taskId));
        assertEquals(List.of(taskId), crfm.get(R + "tasks?agent_id=eq." + worker).expect(200).ids());

        // Teams and team runs
        Api.Resp team = crfm.post(R + "teams", obj("name", "Content Pipeline", "description", "Research → Write → Edit",
                "mode", "pipeline", "workspace_id", org.id().toString())).expect(201);
        String teamId = team.requireHeader("Location").substring("/rest/v1/teams?id=eq.".length());
        JsonNode listedTeam = rows(crfm.get(R + "teams?select=*").expect(200)).stream()
                .filter(t -> t.path("id").asText().equals(teamId)).findFirst().orElseThrow();
        assertEquals("pipeline", listedTeam.path("mode").asText());
        assertEquals("Research → Write → Edit", listedTeam.path("description").asText());
        String runTeam = org.api().post("/api/v1/teams", obj("name", Api.unique("legacy runs"), "config",
                obj("steps", List.of(obj("agent_id", worker))))).expect(201).id();
        Api.Resp run = crfm.call("POST", R + "team_runs?select=id,status").header("Prefer", "return=representation")
                .body(obj("team_id", runTeam, "input_task", "Research AI trends")).send();
        String runId = rows(run.expect(201)).get(0).path("id").asText();
        Runs.await(org.api(), runId, 20_000, "completed");
        Api.Resp runs = crfm.get(R + "team_runs?team_id=eq." + runTeam + "&select=*&order=created_at.desc").expect(200);
        assertEquals(List.of(runId), runs.ids());
        assertEquals("completed", rows(runs).get(0).path("status").asText());
        assertTrue(crfm.get(R + "team_runs?team_id=eq." + teamId).expect(200).ids().isEmpty());

        // Usage records: the seed's fields
        List<JsonNode> usage = rows(crfm.get(R + "usage_records?select=*&created_at=gte.2026-01-01&order=created_at.desc")
                .expect(200));
        JsonNode ofTask = usage.stream().filter(u -> u.path("task_id").asText().equals(taskId)).findFirst().orElseThrow();
        for (String field : List.of("task_id", "agent_id", "team_run_id", "provider", "model", "prompt_tokens",
                "completion_tokens", "estimated_cost_usd", "billing_model", "created_at", "workspace_id")) {
            assertTrue(ofTask.has(field), field + " in " + ofTask);
        }
        assertEquals(worker, ofTask.path("agent_id").asText());
        assertTrue(Set.of("per-token", "subscription-quota").contains(ofTask.path("billing_model").asText()), ofTask.toString());
        assertTrue(usage.stream().anyMatch(u -> u.path("team_run_id").asText().equals(runId)), "the run's calls are counted");
        assertEquals(1, rows(crfm.get(R + "usage_records?team_run_id=eq." + runId + "&select=team_run_id").expect(200)).stream()
                .map(u -> u.path("team_run_id").asText()).distinct().count());

        // a retried insert with an Idempotency-Key inserts once
        String key = UUID.randomUUID().toString();
        String once = Api.unique("once");
        for (int i = 0; i < 2; i++) {
            crfm.call("POST", R + "agents").header("Idempotency-Key", key).body(obj("name", once)).send().expect(201);
        }
        assertEquals(1, rows(crfm.get(R + "agents?name=eq." + once).expect(200)).size());

        // Delete Agent
        crfm.delete(R + "agents?id=eq." + agentId).expect(204);
        assertTrue(rows(crfm.get(R + "agents?id=eq." + agentId).expect(200)).isEmpty());

        // Error handling: PostgREST's shape
        expectPgError(crfm.call("GET", R + "agents?id=eq." + agentId).header("Accept", SINGLE).send(), 406, "PGRST116");
    }

    @Test
    void theMarketplaceIsBrowsedAndInstalledThroughTheLegacyApi() {
        Api.Org publisher = Api.createOrg("legacy-publisher");
        String name = Api.unique("Published-Reviewer");
        String published = publisher.api().post("/api/v1/agents", obj("name", name, "model", "gpt-4o-mini",
                "system_prompt", "Review code.", "tags", List.of("code"), "is_marketplace", true)).expect(201).id();
        String hidden = publisher.api().createAgent(Api.unique("private")).path("id").asText();

        // Browse Agents: published ones of every organization, only their published fields
        List<JsonNode> market = rows(crfm.get(R + "agents?is_marketplace=eq.true&select=*").expect(200));
        JsonNode listed = market.stream().filter(a -> a.path("id").asText().equals(published)).findFirst().orElseThrow();
        assertEquals(name, listed.path("name").asText());
        assertTrue(listed.path("is_marketplace").asBoolean());
        for (String privateField : List.of("workspace_id", "organization_id", "knowledge_base_ids", "status")) {
            assertFalse(listed.has(privateField), privateField + " is the publisher's: " + listed);
        }
        assertTrue(market.stream().noneMatch(a -> a.path("id").asText().equals(hidden)));
        assertEquals(List.of(published), crfm.get(R + "agents?is_marketplace=eq.true&name=eq." + Api.enc(name)).expect(200).ids());
        // only published columns can be filtered on: nothing else of the publisher's can be guessed
        expectPgError(crfm.get(R + "agents?is_marketplace=eq.true&workspace_id=eq." + publisher.id()), 400, "42703");
        expectPgError(crfm.get(R + "agents?is_marketplace=is.true&status=eq.idle"), 400, "42703");
        // without the marketplace filter, the caller's own agents only
        assertFalse(crfm.get(R + "agents?select=*").expect(200).ids().contains(published));

        // Install Agent (RPC): a counted copy, concurrent installs lose no count
        long before = rows(crfm.get(R + "agents?is_marketplace=eq.true&id=eq." + published)).get(0).path("install_count").asLong();
        JsonNode copy = crfm.post(R + "rpc/increment_install_count", obj("agent_row_id", published)).expect(200).json();
        assertEquals(name, copy.path("name").asText());
        assertEquals(org.id().toString(), copy.path("workspace_id").asText());
        assertTrue(crfm.get(R + "agents?id=eq." + copy.path("id").asText()).expect(200).ids().contains(copy.path("id").asText()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> installs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                installs.add(pool.submit(() -> crfm.post(R + "rpc/increment_install_count", obj("agent_row_id", published)).status()));
            }
            for (Future<Integer> install : installs) {
                assertEquals(200, install.get());
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
        long after = rows(crfm.get(R + "agents?is_marketplace=eq.true&id=eq." + published)).get(0).path("install_count").asLong();
        assertEquals(before + 9, after, "every install counted once");

        expectPgError(crfm.post(R + "rpc/increment_install_count", obj("agent_row_id", hidden)), 404, "PGRST301");
        expectPgError(crfm.post(R + "rpc/increment_install_count", obj("agent_row_id", "nope")), 400, "22023");
        expectPgError(crfm.post(R + "rpc/increment_install_count", obj("agent", published)), 400, "22023");
        expectPgError(crfm.post(R + "rpc/uninstall", obj("agent_row_id", published)), 404, "PGRST202");
    }

    // ------------------------------------------------------------------ filters, one by one

    /** Five agents in an organization of their own, with values chosen so each operator picks a known subset. */
    private static Api filtersFixture(Api.Org owner) {
        Api api = legacyKey(owner);
        Object[][] agents = {
                {"alpha", 0.1, 100, "first of all", "openai"},
                {"beta", 0.5, null, null, "anthropic"},
                {"gamma", 0.9, 300, "third, with a comma", "openai"},
                {"delta", null, 400, "Fourth", "ollama"},
                {"epsilon", 1.5, 500, "fifth", "openai"}};
        for (Object[] a : agents) {
            Map<String, Object> body = new java.util.LinkedHashMap<>(obj("name", a[0], "provider", a[4], "model", "m-" + a[0]));
            body.put("temperature", a[1]);
            body.put("max_tokens", a[2]);
            body.put("description", a[3]);
            api.post(R + "agents", body).expect(201);
            Api.sleep(5); // distinct created_at
        }
        return api;
    }

    @Test
    void eachFilterOperatorSelectsExactlyItsRows() {
        Api api = filtersFixture(Api.createOrg("legacy-filters"));
        String q = R + "agents?order=name.asc&";
        assertEquals(List.of("gamma"), names(api.get(q + "name=eq.gamma")));
        assertEquals(List.of("alpha", "beta", "delta", "epsilon"), names(api.get(q + "name=neq.gamma")));
        assertEquals(List.of("epsilon", "gamma"), names(api.get(q + "temperature=gt.0.5")));
        assertEquals(List.of("beta", "epsilon", "gamma"), names(api.get(q + "temperature=gte.0.5")));
        assertEquals(List.of("alpha"), names(api.get(q + "temperature=lt.0.5")));
        assertEquals(List.of("alpha", "beta"), names(api.get(q + "temperature=lte.0.5")));
        assertEquals(List.of("alpha", "gamma"), names(api.get(q + "name=in.(alpha,gamma,nobody)")));
        assertEquals(List.of("gamma"), names(api.get(q + "description=in.(%22third,%20with%20a%20comma%22,x)")));
        assertEquals(List.of(), names(api.get(q + "name=in.()")));
        assertEquals(List.of("delta"), names(api.get(q + "temperature=is.null")));
        assertEquals(List.of("beta"), names(api.get(q + "max_tokens=is.null")));
        assertEquals(List.of("alpha", "beta", "epsilon", "gamma"), names(api.get(q + "temperature=not.is.null")));
        assertEquals(List.of("delta"), names(api.get(q + "name=like.*lta")));
        assertEquals(List.of("alpha", "epsilon"), names(api.get(q + "description=like.f*")));
        assertEquals(List.of("alpha", "delta", "epsilon"), names(api.get(q + "description=ilike.f*")));
        assertEquals(List.of("beta"), names(api.get(q + "name=ilike.BETA")));
        assertEquals(List.of("alpha", "beta", "delta", "epsilon"), names(api.get(q + "name=not.eq.gamma")));
        assertEquals(List.of("gamma"), names(api.get(q + "provider=eq.openai&max_tokens=gte.200&max_tokens=lt.500")));
        assertEquals(List.of("alpha", "delta"), names(api.get(q + "provider=in.(openai,ollama)&max_tokens=not.in.(300,500)")));
        assertEquals(5, names(api.get(q + "is_marketplace=eq.false")).size());
        assertEquals(5, names(api.get(q + "is_marketplace=is.false")).size());
        assertEquals(5, names(api.get(q + "created_at=gte.2026-01-01")).size());
        assertEquals(0, names(api.get(q + "created_at=lt.2026-01-01T00:00:00Z")).size());
        String gammaCreated = rows(api.get(q + "name=eq.gamma")).get(0).path("created_at").asText();
        assertEquals(List.of("alpha", "beta"), names(api.get(q + "created_at=lt." + Api.enc(gammaCreated))));
        assertEquals(List.of("delta", "epsilon", "gamma"), names(api.get(q + "created_at=gte." + Api.enc(gammaCreated))));
        // a "+" the URL turned into a space is read back as the offset it was
        assertEquals(5, names(api.get(q + "created_at=gt.2026-01-01T00:00:00+00:00")).size());
        String workspace = rows(api.get(q + "name=eq.gamma")).get(0).path("workspace_id").asText();
        assertEquals(5, names(api.get(q + "workspace_id=eq." + workspace)).size());
    }

    @Test
    void taskColumnsUseTheLegacyNamesAndPriorities() {
        Api.Org owner = Api.createOrg("legacy-tasks");
        Api api = legacyKey(owner);
        String unassigned = api.call("POST", R + "tasks?select=id,priority").header("Prefer", "return=representation")
                .body(obj("title", "critical one", "priority", "critical")).send().expect(201).json().get(0).path("id").asText();
        api.post(R + "tasks", obj("title", "low one", "priority", "low")).expect(201);
        JsonNode row = rows(api.get(R + "tasks?id=eq." + unassigned).expect(200)).get(0);
        assertEquals("critical", row.path("priority").asText(), "the legacy name of urgent");
        assertTrue(row.has("agent_id") && row.path("agent_id").isNull(), row.toString());
        assertEquals("urgent", owner.api().get("/api/v1/tasks/" + unassigned).expect(200).json().path("priority").asText());
        assertEquals(List.of(unassigned), api.get(R + "tasks?priority=eq.critical").expect(200).ids());
        assertEquals(List.of(unassigned), api.get(R + "tasks?priority=in.(critical,high)").expect(200).ids());
        assertEquals(List.of(unassigned), api.get(R + "tasks?agent_id=is.null&title=like.crit*").expect(200).ids());
        assertEquals(2, rows(api.get(R + "tasks?status=eq.pending&order=priority.desc")).size());
        api.patch(R + "tasks?priority=eq.critical", obj("priority", "high")).expect(204);
        assertEquals("high", rows(api.get(R + "tasks?id=eq." + unassigned)).get(0).path("priority").asText());
    }

    // ------------------------------------------------------------------ order, windows, counts

    @Test
    void orderingWindowsAndCounts() {
        Api api = filtersFixture(Api.createOrg("legacy-order"));
        String a = R + "agents?";
        assertEquals(List.of("alpha", "beta", "delta", "epsilon", "gamma"), names(api.get(a + "order=name")));
        assertEquals(List.of("gamma", "epsilon", "delta", "beta", "alpha"), names(api.get(a + "order=name.desc")));
        // nulls: last ascending, first descending (PostgreSQL's default), or as asked
        assertEquals(List.of("alpha", "beta", "gamma", "epsilon", "delta"), names(api.get(a + "order=temperature.asc")));
        assertEquals(List.of("delta", "epsilon", "gamma", "beta", "alpha"), names(api.get(a + "order=temperature.desc")));
        assertEquals(List.of("delta", "alpha", "beta", "gamma", "epsilon"), names(api.get(a + "order=temperature.asc.nullsfirst")));
        assertEquals(List.of("epsilon", "gamma", "beta", "alpha", "delta"), names(api.get(a + "order=temperature.desc.nullslast")));
        assertEquals(List.of("alpha", "gamma", "epsilon", "delta", "beta"),
                names(api.get(a + "order=provider.desc,max_tokens.asc.nullslast")));
        assertEquals(List.of("alpha", "beta", "gamma", "delta", "epsilon"), names(api.get(a + "order=created_at.asc")));

        // limit and offset
        assertEquals(List.of("alpha", "beta"), names(api.get(a + "order=created_at&limit=2")));
        assertEquals(List.of("gamma", "delta"), names(api.get(a + "order=created_at&limit=2&offset=2")));
        Api.Resp none = api.get(a + "order=created_at&limit=0").expect(200);
        assertEquals(List.of(), names(none));

        // Content-Range without and with a count; 206 when partial
        Api.Resp page = api.get(a + "order=created_at&limit=2&offset=1").expect(200);
        assertEquals("1-2/*", page.requireHeader("Content-Range"));
        Api.Resp counted = api.call("GET", a + "order=created_at&limit=2&offset=1").header("Prefer", "count=exact").send();
        assertEquals(206, counted.status(), counted.describe());
        assertEquals("1-2/5", counted.requireHeader("Content-Range"));
        assertEquals("count=exact", counted.requireHeader("Preference-Applied"));
        Api.Resp whole = api.call("GET", a + "order=created_at").header("Prefer", "count=exact").send().expect(200);
        assertEquals("0-4/5", whole.requireHeader("Content-Range"));
        Api.Resp filteredCount = api.call("GET", a + "provider=eq.openai&limit=1").header("Prefer", "count=exact").send();
        assertEquals("0-0/3", filteredCount.requireHeader("Content-Range"));
        Api.Resp empty = api.call("GET", a + "name=eq.nobody").header("Prefer", "count=exact").send().expect(200);
        assertEquals("*/0", empty.requireHeader("Content-Range"));
        expectPgError(api.get(a + "order=created_at&offset=10"), 416, "PGRST103");

        // the Range header
        Api.Resp ranged = api.call("GET", a + "order=created_at").header("Range", "1-3").header("Range-Unit", "items").send();
        assertEquals(List.of("beta", "gamma", "delta"), names(ranged));
        assertEquals("1-3/*", ranged.requireHeader("Content-Range"));
        assertEquals(List.of("delta", "epsilon"), names(api.call("GET", a + "order=created_at").header("Range", "3-").send()));
        assertEquals(List.of("gamma"), names(api.call("GET", a + "order=created_at&limit=1&offset=2").header("Range", "0-9").send()));
        expectPgError(api.call("GET", a).header("Range", "5-2").send(), 416, "PGRST103");
        expectPgError(api.call("GET", a).header("Range", "bytes").send(), 416, "PGRST103");

        // select: column lists and aliases
        JsonNode narrow = rows(api.get(a + "select=name,temp:temperature&name=eq.alpha")).get(0);
        assertEquals(Set.of("name", "temp"), fieldNames(narrow));
        assertEquals(0.1, narrow.path("temp").asDouble());
        assertEquals(Set.of("id", "tags"), fieldNames(rows(api.get(a + "select=id,tags&limit=1")).get(0)));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void singleObjectsAndRepresentations() {
        Api api = filtersFixture(Api.createOrg("legacy-single"));
        String a = R + "agents?";
        Api.Resp one = api.call("GET", a + "name=eq.gamma&select=name,max_tokens").header("Accept", SINGLE).send().expect(200);
        assertTrue(one.requireHeader("Content-Type").startsWith(SINGLE), one.describe());
        assertEquals("gamma", one.json().path("name").asText());
        assertTrue(one.json().isObject());
        JsonNode none = expectPgError(api.call("GET", a + "name=eq.nobody").header("Accept", SINGLE).send(), 406, "PGRST116");
        assertEquals("The result contains 0 rows", none.path("details").asText());
        JsonNode many = expectPgError(api.call("GET", a + "provider=eq.openai").header("Accept", SINGLE).send(), 406, "PGRST116");
        assertEquals("The result contains 3 rows", many.path("details").asText());
        expectPgError(api.call("GET", a).header("Accept", "text/csv").send(), 406, "PGRST107");

        // POST with return=representation: the row in an array, or the object
        Api.Resp inserted = api.call("POST", a + "select=name,provider").header("Prefer", "return=representation")
                .body(obj("name", "zeta", "provider", "openai")).send().expect(201);
        assertEquals("zeta", rows(inserted).get(0).path("name").asText());
        assertEquals(Set.of("name", "provider"), fieldNames(rows(inserted).get(0)));
        assertEquals("return=representation", inserted.requireHeader("Preference-Applied"));
        Api.Resp insertedOne = api.call("POST", R + "agents").header("Prefer", "return=representation").header("Accept", SINGLE)
                .body(obj("name", "eta")).send().expect(201);
        assertEquals("eta", insertedOne.json().path("name").asText());

        // PATCH: 204, or 200 with the changed rows
        api.patch(a + "provider=eq.openai&name=not.in.(zeta,eta)", obj("description", "patched")).expect(204);
        assertEquals(List.of("alpha", "epsilon", "gamma"), names(api.get(a + "description=eq.patched&order=name")));
        Api.Resp patched = api.call("PATCH", a + "name=in.(alpha,gamma)&select=name,max_tokens")
                .header("Prefer", "return=representation").body(obj("max_tokens", 77)).send().expect(200);
        assertEquals(2, rows(patched).size());
        rows(patched).forEach(r -> assertEquals(77, r.path("max_tokens").asInt()));
        // a single object requested of a PATCH matching two rows changes nothing
        expectPgError(api.call("PATCH", a + "name=in.(alpha,gamma)").header("Accept", SINGLE).body(obj("max_tokens", 1)).send(),
                406, "PGRST116");
        assertEquals(List.of("alpha", "gamma"), names(api.get(a + "max_tokens=eq.77&order=name")));

        // DELETE: 204, or 200 with the deleted rows
        Api.Resp deleted = api.call("DELETE", a + "name=eq.zeta&select=name").header("Prefer", "return=representation").send();
        assertEquals(List.of("zeta"), names(deleted));
        api.delete(a + "name=eq.eta").expect(204);
        assertEquals(List.of(), names(api.get(a + "name=in.(zeta,eta)")));
    }

    // ------------------------------------------------------------------ errors

    @Test
    void errorsAreInPostgrestsShapeAndChangeNothing() {
        Api.Org owner = Api.createOrg("legacy-errors");
        Api api = filtersFixture(owner);
        String a = R + "agents?";
        expectPgError(api.get(a + "colour=eq.red"), 400, "42703");
        expectPgError(api.get(a + "select=id,colour"), 400, "42703");
        expectPgError(api.get(a + "order=colour.asc"), 400, "42703");
        expectPgError(api.get(a + "select=version"), 400, "42703");
        expectPgError(api.get(a + "name=eq"), 400, "PGRST100");
        expectPgError(api.get(a + "name=gamma"), 400, "PGRST100");
        expectPgError(api.get(a + "name=cs.%7Bx%7D"), 400, "PGRST100");
        expectPgError(api.get(a + "name=is.maybe"), 400, "PGRST100");
        expectPgError(api.get(a + "name=in.alpha"), 400, "PGRST100");
        expectPgError(api.get(a + "order=name.sideways"), 400, "PGRST100");
        expectPgError(api.get(a + "or=(name.eq.a,name.eq.b)"), 400, "PGRST100");
        expectPgError(api.get(a + "select=*,teams(*)"), 400, "PGRST100");
        expectPgError(api.get(a + "tags=eq.code"), 400, "PGRST100");
        expectPgError(api.get(a + "limit=ten"), 400, "PGRST100");
        expectPgError(api.get(a + "limit=-1"), 400, "PGRST100");
        expectPgError(api.get(a + "offset=-1"), 400, "PGRST100");
        expectPgError(api.get(a + "limit=1&limit=2"), 400, "PGRST100");
        expectPgError(api.get(a + "id=eq.not-a-uuid"), 400, "22P02");
        expectPgError(api.get(a + "temperature=gt.warm"), 400, "22P02");
        expectPgError(api.get(a + "max_tokens=eq.1.5"), 400, "22P02");
        expectPgError(api.get(a + "is_marketplace=eq.maybe"), 400, "22P02");
        expectPgError(api.get(a + "temperature=is.true"), 400, "22P02");
        expectPgError(api.get(a + "created_at=gte.yesterday"), 400, "22P02");
        expectPgError(api.get(a + "created_at=gte.0000-01-01"), 400, "22008");
        expectPgError(api.get(a + "id=like.abc*"), 400, "42883");
        expectPgError(api.get(R + "widgets"), 404, "PGRST205");
        expectPgError(api.get(R + "rpc"), 404, "PGRST205");

        // writes: a filter is required, the workspace must be the caller's, bodies are validated
        int before = names(api.get(a + "order=name")).size();
        expectPgError(api.patch(R + "agents", obj("name", "everyone")), 400, "21000");
        expectPgError(api.delete(R + "agents"), 400, "21000");
        expectPgError(api.delete(R + "agents?limit=1"), 400, "21000");
        assertEquals(before, names(api.get(a + "name=neq.everyone")).size(), "nothing was renamed or deleted");
        Api.Org other = Api.createOrg("legacy-errors-other");
        JsonNode rls = expectPgError(api.post(R + "agents", obj("name", "planted", "workspace_id", other.id().toString())), 403, "42501");
        assertTrue(rls.path("message").asText().contains("row-level security"), rls.toString());
        expectPgError(api.patch(a + "name=eq.alpha", obj("workspace_id", other.id().toString())), 403, "42501");
        expectPgError(api.post(R + "tasks", obj("title", "planted", "workspace_id", other.id().toString())), 403, "42501");
        expectPgError(api.post(R + "teams", obj("name", "planted", "mode", "pipeline", "workspace_id", other.id().toString())),
                403, "42501");
        assertEquals(0, Api.countRows("select count(*) from agents where name = 'planted' and organization_id in (?, ?)",
                owner.id(), other.id()));
        JsonNode invalid = expectPgError(api.post(R + "agents", obj("name", "")), 400, "22023");
        assertEquals("name", invalid.path("details").asText(), invalid.toString());
        expectPgError(api.post(R + "agents", obj("name", "x", "colour", "red")), 400, "22023");
        // a PATCH's fields are checked even when no row matches
        assertEquals("colour", expectPgError(api.patch(a + "name=eq.nobody", obj("colour", "red")), 400, "22023")
                .path("details").asText());
        expectPgError(api.post(R + "agents", List.of(obj("name", "bulk"))), 400, "PGRST102");
        expectPgError(api.patch(a + "name=eq.alpha", List.of(obj("name", "bulk"))), 400, "22023");
        expectPgError(api.call("POST", R + "agents").body("{\"name\": ").send(), 400, "22023");
        expectPgError(api.post(R + "tasks", obj("title", "x", "priority", "asap")), 400, "22023");
        assertEquals(0, Api.countRows("select count(*) from agents where name in ('bulk', 'x')"));

        // a patch failing on its second row leaves the first unchanged: all or nothing
        String team = owner.api().post("/api/v1/teams", obj("name", "uses gamma", "config",
                obj("steps", List.of(obj("agent_id", rows(api.get(a + "name=eq.gamma")).get(0).path("id").asText()))))).expect(201).id();
        JsonNode conflict = expectPgError(api.delete(a + "name=in.(alpha,gamma)"), 409, "23505");
        assertNotNull(conflict.path("message").asText(null));
        assertEquals(List.of("alpha", "gamma"), names(api.get(a + "name=in.(alpha,gamma)&order=name")), "neither was deleted");
        owner.api().delete("/api/v1/teams/" + team).expect(204);

        // tables without a method, and methods no table has
        Api.Resp notAllowed = api.post(R + "usage_records", obj("model", "x"));
        expectPgError(notAllowed, 405, "PGRST117");
        assertEquals("GET, HEAD", notAllowed.requireHeader("Allow"));
        expectPgError(api.patch(R + "team_runs?id=eq." + UUID.randomUUID(), obj("status", "completed")), 405, "PGRST117");
        expectPgError(api.delete(R + "usage_records?id=eq." + UUID.randomUUID()), 405, "PGRST117");
        expectPgError(api.put(R + "agents?id=eq." + UUID.randomUUID(), obj("name", "x")), 405, "PGRST117");

        // credentials: the apikey header alone is the key; beside a bearer it is ignored; errors keep the shape
        String key = api.token();
        Api.at(null).withHeader("apikey", key).get(R + "agents").expect(200);
        api.withHeader("apikey", "garbage").get(R + "agents").expect(200);
        expectPgError(Api.at(Api.randomToken()).get(R + "agents"), 401, "PGRST301");
        expectPgError(api.withHeader("X-API-Version", "9").get(R + "agents"), 400, "22023");
        Api readOnly = Api.at(owner.api().post("/api/v1/tokens", obj("name", "read agents", "scopes", List.of("agents:read"),
                "key_prefix", "crfm_")).expect(201).data().path("token").asText());
        readOnly.get(R + "agents").expect(200);
        expectPgError(readOnly.patch(a + "name=eq.alpha", obj("name", "renamed")), 403, "42501");
        expectPgError(readOnly.get(R + "tasks"), 403, "42501");
        expectPgError(readOnly.post(R + "rpc/increment_install_count", obj("agent_row_id", UUID.randomUUID().toString())),
                403, "42501");
    }

    /** The same SQL on the embedded database: operators, nulls placement, windows and counts. */
    @Test
    void theEmbeddedDatabaseAnswersTheSameQueries() {
        Api h2 = Api.at(Api.h2BaseUrl(), Api.bootstrapToken());
        String prefix = "h2-" + UUID.randomUUID().toString().substring(0, 8);
        Object[][] agents = {{"a", 0.2, true}, {"b", null, false}, {"c", 0.7, false}};
        for (Object[] a : agents) {
            Map<String, Object> body = new java.util.LinkedHashMap<>(obj("name", prefix + "-" + a[0], "description", a[0] + " agent"));
            body.put("temperature", a[1]);
            h2.post(R + "agents", body).expect(201);
        }
        String q = R + "agents?name=like." + prefix + "*&";
        assertEquals(List.of(prefix + "-b", prefix + "-a", prefix + "-c"), names(h2.get(q + "order=temperature.asc.nullsfirst")));
        assertEquals(List.of(prefix + "-c", prefix + "-a", prefix + "-b"), names(h2.get(q + "order=temperature.desc.nullslast")));
        assertEquals(List.of(prefix + "-b"), names(h2.get(q + "temperature=is.null")));
        assertEquals(List.of(prefix + "-a", prefix + "-c"), names(h2.get(q + "order=name&description=ilike.*AGENT&temperature=not.is.null")));
        assertEquals(3, names(h2.get(q + "is_marketplace=is.false")).size());
        assertEquals(List.of(prefix + "-a"), names(h2.get(q + "order=name&name=in.(" + prefix + "-a,x)")));
        Api.Resp window = h2.call("GET", q + "order=name&limit=1&offset=1").header("Prefer", "count=exact").send();
        assertEquals(206, window.status(), window.describe());
        assertEquals("1-1/3", window.requireHeader("Content-Range"));
        assertEquals(List.of(prefix + "-b"), rows(window).stream().map(r -> r.path("name").asText()).toList());
        h2.patch(q + "name=eq." + prefix + "-c", obj("temperature", 0.1)).expect(204);
        assertEquals(List.of(prefix + "-c", prefix + "-a", prefix + "-b"), names(h2.get(q + "order=temperature")));
        h2.delete(q + "temperature=is.null").expect(204);
        assertEquals(2, names(h2.get(q + "select=name")).size());
    }

    // ------------------------------------------------------------------ isolation

    /**
     * Organization B, through every table the OpenAPI document lists under /rest/v1 and every
     * method it documents, by list, filter, guessed id and single object: none of A's rows is
     * visible or changed (only A's published agent, through the marketplace filter).
     */
    @Test
    void anotherOrganizationReadsAndChangesNothingThroughAnyTable() {
        Api.Org orgA = Api.createOrg("legacy-iso-a");
        Api a = legacyKey(orgA);
        Api b = legacyKey(Api.createOrg("legacy-iso-b"));
        String agent = ChatIT.agent(orgA.api(), "openai");
        String task = orgA.api().post("/api/v1/tasks", obj("title", "A's task", "assigned_agent_id", agent)).expect(201).id();
        Tasks.await(orgA.api(), task, 20_000, "completed");
        String team = orgA.api().post("/api/v1/teams", obj("name", "A's team", "config", obj("steps", List.of(obj("agent_id", agent)))))
                .expect(201).id();
        String run = Runs.start(orgA.api(), team, "A's run").path("id").asText();
        Runs.await(orgA.api(), run, 20_000, "completed");
        String usage = rows(a.get(R + "usage_records?task_id=eq." + task)).get(0).path("id").asText();
        String published = orgA.api().post("/api/v1/agents", obj("name", Api.unique("A's published"), "is_marketplace", true))
                .expect(201).id();
        Map<String, String> idOf = Map.of("agents", agent, "tasks", task, "teams", team, "team_runs", run, "usage_records", usage);
        Map<String, JsonNode> before = new java.util.TreeMap<>();
        idOf.forEach((table, id) -> before.put(table, rows(a.get(R + table + "?id=eq." + id).expect(200)).get(0)));

        JsonNode paths = Api.bootstrap().get("/openapi?format=JSON").expect(200).json().path("paths");
        Set<String> tables = new TreeSet<>();
        paths.fieldNames().forEachRemaining(p -> {
            if (p.startsWith(R) && !p.startsWith(R + "rpc/")) {
                tables.add(p.substring(R.length()));
            }
        });
        assertEquals(idOf.keySet(), tables, "every table the document lists has a row of A's here");
        int checked = 0;
        for (String table : tables) {
            String id = idOf.get(table);
            JsonNode operations = paths.path(R + table);
            assertTrue(rows(b.get(R + table + "?select=*").expect(200)).stream().noneMatch(r -> r.path("id").asText().equals(id)));
            assertTrue(rows(b.get(R + table + "?id=eq." + id).expect(200)).isEmpty(), table);
            assertTrue(rows(b.get(R + table + "?id=in.(" + id + "," + UUID.randomUUID() + ")").expect(200)).isEmpty(), table);
            assertTrue(rows(b.get(R + table + "?workspace_id=eq." + orgA.id()).expect(200)).isEmpty(), table);
            assertEquals("*/0", b.call("GET", R + table + "?id=eq." + id).header("Prefer", "count=exact").send()
                    .expect(200).requireHeader("Content-Range"), table);
            expectPgError(b.call("GET", R + table + "?id=eq." + id).header("Accept", SINGLE).send(), 406, "PGRST116");
            if (operations.has("patch")) {
                assertEquals(List.of(), rows(b.call("PATCH", R + table + "?id=eq." + id).header("Prefer", "return=representation")
                        .body(table.equals("tasks") ? obj("title", "pwned") : obj("name", "pwned")).send().expect(200)), table);
                b.patch(R + table + "?workspace_id=eq." + orgA.id(), obj("description", "pwned")).expect(204);
            }
            if (operations.has("delete")) {
                b.delete(R + table + "?id=eq." + id).expect(204);
                b.delete(R + table + "?workspace_id=eq." + orgA.id()).expect(204);
            }
            if (operations.has("post")) {
                expectPgError(b.post(R + table, obj("name", "planted", "title", "planted", "workspace_id", orgA.id().toString())),
                        403, "42501");
            }
            checked++;
        }
        assertEquals(5, checked);
        idOf.forEach((table, id) -> assertEquals(before.get(table), rows(a.get(R + table + "?id=eq." + id).expect(200)).get(0),
                table + " of A is unchanged"));

        // the marketplace shows A's published agent, and nothing of A's that is not published
        List<String> market = b.get(R + "agents?is_marketplace=eq.true&limit=1000").expect(200).ids();
        assertTrue(market.contains(published));
        assertFalse(market.contains(agent));
        assertTrue(b.get(R + "agents?is_marketplace=eq.true&id=eq." + agent).expect(200).ids().isEmpty());
        assertNull(rows(b.get(R + "agents?is_marketplace=eq.true&id=eq." + published)).get(0).get("workspace_id"));
        // marking B's filter as marketplace does not open writes: B's PATCH only ever reaches B's rows
        b.patch(R + "agents?is_marketplace=eq.true&id=eq." + published, obj("name", "pwned")).expect(204);
        assertFalse(orgA.api().get("/api/v1/agents/" + published).expect(200).json().path("name").asText().equals("pwned"));
    }
}
