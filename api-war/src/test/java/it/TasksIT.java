package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tasks against the real server and a model server that speaks OpenAI's protocol: dispatch,
 * result, usage linked to the task, filters, cancellation of a running task, a refusal, retries
 * with backoff, the retry endpoint, the live event stream, and isolation between organizations.
 */
class TasksIT {

    private static FakeLlmServer fake;
    private static Api.Org org;
    private static Api api;
    private static String agent;

    @BeforeAll
    static void setUp() {
        fake = FakeLlmServer.start();
        org = Api.createOrg("tasks");
        api = org.api();
        agent = ChatIT.agent(api, "openai");
    }

    @Test
    void aTaskAssignedToAnAgentIsDispatchedAndItsAnswerBecomesTheResult() {
        String title = Api.unique("Review PR");
        JsonNode created = Tasks.create(api, "title", title, "description", "Look at the auth changes", "priority", "high",
                "assigned_agent_id", agent, "metadata", obj("pr", 42));
        assertEquals("dispatched", created.path("status").asText(), created.toString());
        assertEquals("high", created.path("priority").asText());
        assertEquals(org.id().toString(), created.path("workspace_id").asText());
        String id = created.path("id").asText();

        JsonNode done = Tasks.await(api, id, 20_000, "completed", "failed");
        assertEquals("completed", done.path("status").asText(), done.toString());
        assertEquals("Echo: " + title + "\n\nLook at the auth changes (2 messages)", done.path("result").asText());
        assertTrue(done.path("tokens_total").asLong() > 0, done.toString());
        assertEquals(done.path("prompt_tokens").asLong() + done.path("completion_tokens").asLong(), done.path("tokens_total").asLong());
        assertTrue(done.path("cost_usd").decimalValue().signum() > 0, "gpt-4o-mini has a price: " + done);
        assertEquals(1, done.path("attempts").asInt());
        assertFalse(done.path("started_at").isNull());
        assertFalse(done.path("completed_at").isNull());
        assertEquals(42, done.path("metadata").path("pr").asInt());
        // the model was asked once, with the title and description as the instructions
        assertEquals(1, fake.callsWith(title));
        // every model call has a usage record that names the task
        assertEquals(1, Api.countRows("select count(*) from usage_records where task_id = ?", UUID.fromString(id)));
        JsonNode usage = api.listAll("/api/v1/usage?agent_id=" + agent).stream()
                .filter(u -> id.equals(u.path("task_id").asText())).findFirst().orElseThrow();
        assertEquals(done.path("tokens_total").asLong(), usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong());

        // the event stream of a finished task replays its history and ends
        List<Sse.Event> events = Sse.parse(api.get("/api/v1/tasks/" + id + "/events").expect(200).body());
        assertEquals(List.of("status", "status", "done"), Sse.names(events), events.toString());
        assertEquals(List.of("dispatched", "running", "completed"), events.stream().map(e -> e.data().path("status").asText()).toList());
        assertEquals(done.path("result").asText(), events.get(2).data().path("result").asText());
        // resumed after the second event: only the last one
        List<Sse.Event> rest = Sse.parse(api.call("GET", "/api/v1/tasks/" + id + "/events")
                .header("Last-Event-ID", events.get(1).id()).send().expect(200).body());
        assertEquals(List.of("done"), Sse.names(rest));
    }

    @Test
    void theEventStreamFollowsARunningTaskWithTheAnswersDeltas() throws Exception {
        String title = Api.unique("[wait] stream me");
        String id = Tasks.create(api, "title", title, "assigned_agent_id", agent).path("id").asText();
        // opened while it waits for the model: the stream stays open until the task is done
        Api.Resp stream = api.get("/api/v1/tasks/" + id + "/events").expect(200);
        assertTrue(stream.header("Content-Type").startsWith("text/event-stream"), stream.header("Content-Type"));
        List<Sse.Event> events = Sse.parse(stream.body());
        assertEquals("done", events.get(events.size() - 1).name(), Sse.names(events).toString());
        assertEquals("completed", events.get(events.size() - 1).data().path("status").asText());
        String streamed = Sse.text(events);
        assertEquals("Echo: " + title + " (2 messages)", streamed, "the deltas make the answer: " + events);
    }

    @Test
    void anUnassignedTaskWaitsUntilAnAgentIsAssigned() {
        String id = Tasks.create(api, "title", Api.unique("later")).path("id").asText();
        Api.sleep(500);
        assertEquals("pending", api.get("/api/v1/tasks/" + id).expect(200).data().path("status").asText());
        JsonNode assigned = api.patch("/api/v1/tasks/" + id, obj("assigned_agent_id", agent)).expect(200).data();
        assertEquals("dispatched", assigned.path("status").asText(), assigned.toString());
        assertEquals("completed", Tasks.await(api, id, 20_000, "completed", "failed").path("status").asText());

        // a team of the organization runs the task (one that has no steps yet cannot); any other id is refused
        String stepless = api.post("/api/v1/teams", obj("name", "no steps")).expect(201).id();
        api.post("/api/v1/tasks", obj("title", "for a team without steps", "assigned_team_id", stepless)).expectError(409, "conflict");
        String team = Runs.pipeline(api, true, List.of(Runs.step(agent, "Only")));
        JsonNode forTeam = Tasks.create(api, "title", "for a team", "assigned_team_id", team);
        assertEquals("dispatched", forTeam.path("status").asText());
        assertEquals(team, forTeam.path("assigned_team_id").asText());
        Tasks.await(api, forTeam.path("id").asText(), 20_000, "completed");
        api.post("/api/v1/tasks", obj("title", "no such team", "assigned_team_id", UUID.randomUUID().toString()))
                .expectInvalid("assigned_team_id");
        api.patch("/api/v1/tasks/" + forTeam.path("id").asText(), obj("assigned_team_id", UUID.randomUUID().toString()))
                .expectInvalid("assigned_team_id");
        // a deleted team leaves its tasks unassigned
        api.delete("/api/v1/teams/" + team).expect(204);
        assertTrue(api.get("/api/v1/tasks/" + forTeam.path("id").asText()).expect(200).data().path("assigned_team_id").isNull());
        api.post("/api/v1/tasks", obj("title", "both", "assigned_agent_id", agent, "assigned_team_id", UUID.randomUUID().toString()))
                .expectInvalid("assigned_team_id");
        api.post("/api/v1/tasks", obj("title", "nobody's", "assigned_agent_id", UUID.randomUUID().toString()))
                .expectInvalid("assigned_agent_id");
        // the legacy API's spelling of the agent and of urgent
        JsonNode legacy = Tasks.create(api, "title", Api.unique("legacy"), "agent_id", agent, "priority", "critical");
        assertEquals("urgent", legacy.path("priority").asText());
        assertEquals(agent, legacy.path("assigned_agent_id").asText());
    }

    @Test
    void listsFilterByStatusPriorityAgentAndTeam() {
        Api.Org own = Api.createOrg("tasks-filters");
        Api a = own.api();
        String ownAgent = ChatIT.agent(a, "openai");
        String done = Tasks.create(a, "title", Api.unique("done"), "assigned_agent_id", ownAgent, "priority", "urgent").path("id").asText();
        String pending = Tasks.create(a, "title", "pending", "priority", "low").path("id").asText();
        String team = Runs.pipeline(a, true, List.of(Runs.step(ownAgent, "Only")));
        String teamTask = Tasks.create(a, "title", "team", "assigned_team_id", team).path("id").asText();
        Tasks.await(a, done, 20_000, "completed");
        Tasks.await(a, teamTask, 20_000, "completed");

        assertEquals(List.of(teamTask, done), a.listAllIds("/api/v1/tasks?status=completed"));
        assertEquals(List.of(pending), a.listAllIds("/api/v1/tasks?status=pending"));
        assertEquals(List.of(done), a.listAllIds("/api/v1/tasks?priority=urgent"));
        assertEquals(List.of(pending), a.listAllIds("/api/v1/tasks?priority=low"));
        assertEquals(List.of(done), a.listAllIds("/api/v1/tasks?assigned_agent_id=" + ownAgent));
        assertEquals(List.of(teamTask), a.listAllIds("/api/v1/tasks?assigned_team_id=" + team));
        assertEquals(List.of(teamTask, pending, done), a.listAllIds("/api/v1/tasks?limit=1"), "cursor pagination, newest first");
        a.get("/api/v1/tasks?status=sleeping").expectInvalid("status");
        a.get("/api/v1/tasks?priority=whenever").expectInvalid("priority");
        a.get("/api/v1/tasks?assigned_agent_id=nope").expectInvalid("assigned_agent_id");
    }

    @Test
    void aRunningTaskIsCancelledAtOnceAndStaysCancelled() {
        Api.Org own = Api.createOrg("tasks-cancel");
        Api a = own.api();
        String ownAgent = ChatIT.agent(a, "openai");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            a.post("/api/v1/hooks", obj("target_url", receiver.url("tasks"), "event", "*")).expect(201);
            String title = Api.unique("[slow] cancel me");
            String id = Tasks.create(a, "title", title, "assigned_agent_id", ownAgent).path("id").asText();
            Tasks.await(a, id, 10_000, "running");
            long deadline = System.currentTimeMillis() + 5_000;
            while (fake.inProgressWith(title) == 0 && System.currentTimeMillis() < deadline) {
                Api.sleep(20);
            }
            assertEquals(1, fake.inProgressWith(title), "the model is working on it");

            long started = System.nanoTime();
            JsonNode cancelled = a.post("/api/v1/tasks/" + id + "/cancel", null).expect(200).data();
            assertEquals("cancelled", cancelled.path("status").asText());
            // its worker stops at once (the model call is dropped) and its job is gone, well before the model answers
            UUID taskId = UUID.fromString(id);
            while (Api.countRows("select count(*) from jobs where subject_id = ?", taskId) > 0
                    && System.nanoTime() - started < 2_000_000_000L) {
                Api.sleep(20);
            }
            assertEquals(0, Api.countRows("select count(*) from jobs where subject_id = ?", taskId),
                    "the job ended within 2 s of the cancellation");
            Api.sleep(6_500); // past the moment the model would have answered
            JsonNode after = a.get("/api/v1/tasks/" + id).expect(200).data();
            assertEquals("cancelled", after.path("status").asText(), after.toString());
            assertTrue(after.path("result").isNull(), after.toString());
            a.post("/api/v1/tasks/" + id + "/cancel", null).expectError(409, "conflict");
            List<String> types = receiver.await("tasks", 2, 5_000).stream()
                    .filter(r -> r.json().path("data").path("task_id").asText().equals(id))
                    .map(r -> r.json().path("type").asText()).toList();
            assertEquals(List.of("task.started", "task.cancelled"), types, "no completion webhook");
        }
        String title = Api.unique("[wait] run again");
        String id = Tasks.create(api, "title", title, "assigned_agent_id", agent).path("id").asText();
        Tasks.await(api, id, 10_000, "running");
        api.post("/api/v1/tasks/" + id + "/cancel", null).expect(200);

        // run again: it completes this time (the model answers after its second and a half)
        JsonNode retried = api.post("/api/v1/tasks/" + id + "/retry", null).expect(200).data();
        assertEquals("dispatched", retried.path("status").asText());
        JsonNode done = Tasks.await(api, id, 20_000, "completed", "failed");
        assertEquals("completed", done.path("status").asText(), done.toString());
        assertEquals(2, done.path("attempts").asInt());
        api.post("/api/v1/tasks/" + id + "/retry", null).expectError(409, "conflict");
    }

    @Test
    void cancellingByPatchAndDeletingARunningTaskStopIt() {
        String title = Api.unique("[slow] delete me");
        String id = Tasks.create(api, "title", title, "assigned_agent_id", agent).path("id").asText();
        Tasks.await(api, id, 10_000, "running");
        api.delete("/api/v1/tasks/" + id).expect(204);
        api.get("/api/v1/tasks/" + id).expectError(404, "not_found");
        // its job goes with it: at once when queued, when its worker has dropped the model call when running
        long deadline = System.currentTimeMillis() + 5_000;
        while (Api.countRows("select count(*) from jobs where subject_id = ?", UUID.fromString(id)) > 0
                && System.currentTimeMillis() < deadline) {
            Api.sleep(50);
        }
        assertEquals(0, Api.countRows("select count(*) from jobs where subject_id = ?", UUID.fromString(id)), "its job went with it");

        String other = Tasks.create(api, "title", Api.unique("[slow] patch me"), "assigned_agent_id", agent).path("id").asText();
        Tasks.await(api, other, 10_000, "running");
        assertEquals("cancelled", api.patch("/api/v1/tasks/" + other, obj("status", "cancelled")).expect(200).data()
                .path("status").asText());
        api.patch("/api/v1/tasks/" + other, obj("status", "completed")).expectInvalid("status");
        api.patch("/api/v1/tasks/" + other, obj("status", "running")).expectInvalid("status");
    }

    @Test
    void aModelThatRefusesFailsTheTaskAtOnce() {
        String title = Api.unique("[fail:400] refuse");
        String id = Tasks.create(api, "title", title, "assigned_agent_id", agent).path("id").asText();
        JsonNode failed = Tasks.await(api, id, 20_000, "failed", "completed");
        assertEquals("failed", failed.path("status").asText(), failed.toString());
        assertTrue(failed.path("error").asText().contains("400"), failed.toString());
        assertEquals(1, failed.path("attempts").asInt());
        assertEquals(1, fake.callsWith(title), "a refusal is not retried");
    }

    @Test
    void failuresThatMayPassAreRetriedWithBackoff() {
        // 503 for the first four calls: the first run's three calls (one and two retries) fail, the second run's
        // first call fails too, its retry succeeds
        String title = Api.unique("[fail-first:4] flaky");
        String id = Tasks.create(api, "title", title, "assigned_agent_id", agent).path("id").asText();
        JsonNode done = Tasks.await(api, id, 30_000, "completed", "failed");
        assertEquals("completed", done.path("status").asText(), done.toString());
        assertEquals(2, done.path("attempts").asInt(), done.toString());
        assertEquals(5, fake.callsWith(title));
        assertTrue(done.path("error").isNull(), done.toString());

        // always failing: three runs (AGENTRY_TASKS_MAX_ATTEMPTS), then failed with the provider's reason
        String hopeless = Api.unique("[fail:503] hopeless");
        String failedId = Tasks.create(api, "title", hopeless, "assigned_agent_id", agent).path("id").asText();
        JsonNode failed = Tasks.await(api, failedId, 30_000, "failed", "completed");
        assertEquals("failed", failed.path("status").asText());
        assertEquals(3, failed.path("attempts").asInt(), failed.toString());
        assertTrue(failed.path("error").asText().contains("503"), failed.toString());
        assertEquals(9, fake.callsWith(hopeless), "three runs of three calls");
    }

    @Test
    void anotherOrganizationCanNeitherSeeNorTouchATask() {
        String id = Tasks.create(api, "title", Api.unique("private task"), "assigned_agent_id", agent).path("id").asText();
        Tasks.await(api, id, 20_000, "completed");
        JsonNode before = api.get("/api/v1/tasks/" + id).expect(200).data();
        Api.Org other = Api.createOrg("tasks-other");
        Api b = other.api();
        b.get("/api/v1/tasks/" + id).expectError(404, "not_found");
        b.get("/api/v1/tasks/" + id + "/events").expectError(404, "not_found");
        b.patch("/api/v1/tasks/" + id, obj("title", "pwned")).expectError(404, "not_found");
        b.post("/api/v1/tasks/" + id + "/cancel", null).expectError(404, "not_found");
        b.post("/api/v1/tasks/" + id + "/retry", null).expectError(404, "not_found");
        b.delete("/api/v1/tasks/" + id).expectError(404, "not_found");
        assertFalse(b.listAllIds("/api/v1/tasks").contains(id));
        assertTrue(b.listAll("/api/v1/tasks?assigned_agent_id=" + agent).isEmpty());
        // nor hand A's agent a task of its own
        b.post("/api/v1/tasks", obj("title", "borrowed", "assigned_agent_id", agent)).expectInvalid("assigned_agent_id");
        b.post("/api/v1/tasks", obj("title", "planted", "workspace_id", org.id().toString())).expectInvalid("workspace_id");
        assertEquals(before, api.get("/api/v1/tasks/" + id).expect(200).data());
        assertNotNull(before);
    }
}
