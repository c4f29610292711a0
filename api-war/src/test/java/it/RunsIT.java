package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pipeline runs against the real server and model servers speaking OpenAI's and Anthropic's
 * protocols: steps in order with outputs handed on, usage and cost per step, each on_failure
 * branch, a pause for review and its resume, cancellation, the live event stream, a task run by
 * a team, and the run endpoints' isolation between organizations.
 */
class RunsIT {

    private static FakeLlmServer fake;
    private static Api api;
    private static String openai;
    private static String anthropic;

    @BeforeAll
    static void setUp() {
        fake = FakeLlmServer.start();
        api = Api.createOrg("runs").api();
        openai = ChatIT.agent(api, "openai");
        anthropic = ChatIT.agent(api, "anthropic");
    }

    @Test
    void aPipelineRunsItsStepsInOrderEachGivenThePreviousOutput() {
        String marker = Api.unique("pipe");
        String team = Runs.pipeline(api, true, List.of(
                Runs.step(openai, "Research", "instructions", "Collect facts " + marker + "-1", "expected_output", "Notes"),
                Runs.step(anthropic, "Write", "instructions", "Write it up " + marker + "-2"),
                Runs.step(openai, "Edit", "instructions", "Polish " + marker + "-3")));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            api.post("/api/v1/hooks", obj("target_url", receiver.url("runs"), "event", "*")).expect(201);
            JsonNode started = Runs.start(api, team, "AI agent frameworks " + marker);
            assertEquals("pending", started.path("status").asText(), started.toString());
            assertEquals(3, started.path("total_steps").asInt());
            assertEquals(team, started.path("team_id").asText());
            String id = started.path("id").asText();

            JsonNode run = Runs.await(api, id, 30_000, "completed", "failed");
            assertEquals("completed", run.path("status").asText(), run.toString());
            assertEquals(3, run.path("current_step").asInt());

            // each step's agent got the task, its part, and the previous step's output (and only step 1 none)
            String step1 = onlyRequest("Collect facts " + marker + "-1");
            String step2 = onlyRequest("Write it up " + marker + "-2");
            String step3 = onlyRequest("Polish " + marker + "-3");
            assertTrue(step1.contains("AI agent frameworks " + marker) && step1.contains("Expected output: Notes"), step1);
            assertFalse(step1.contains("Output of the previous step"), step1);
            List<JsonNode> outputs = Runs.messages(run, "output");
            assertEquals(3, outputs.size(), run.toString());
            assertEquals(List.of("Research", "Write", "Edit"), outputs.stream().map(m -> m.path("step_name").asText()).toList());
            String handed = "--- Output of the previous step:\n";
            assertTrue(step2.endsWith(handed + outputs.get(0).path("content").asText()), "step 2 was handed step 1's output: " + step2);
            assertTrue(step3.endsWith(handed + outputs.get(1).path("content").asText()), "step 3 was handed step 2's output: " + step3);
            assertEquals(outputs.get(2).path("content").asText(), run.path("output").asText());
            assertEquals("anthropic", stepRequests("Write it up " + marker + "-2").get(0).provider());
            assertEquals("input", run.path("messages").get(0).path("type").asText());

            // tokens and cost per step, adding up to the run's, with a usage record per model call naming the run
            long tokens = 0;
            BigDecimal cost = BigDecimal.ZERO;
            for (JsonNode m : outputs) {
                assertTrue(m.path("tokens").asLong() > 0, m.toString());
                assertTrue(m.path("cost_usd").decimalValue().signum() > 0, m.toString());
                assertEquals(m.path("agent_id").asText().equals(anthropic) ? "chat-anthropic" : "chat-openai",
                        m.path("agent_name").asText().replaceAll("-[0-9a-f]{8}$", ""));
                tokens += m.path("tokens").asLong();
                cost = cost.add(m.path("cost_usd").decimalValue());
            }
            assertEquals(tokens, run.path("tokens_total").asLong());
            assertEquals(0, cost.compareTo(run.path("cost_usd").decimalValue()), run.toString());
            List<JsonNode> usage = api.listAll("/api/v1/usage?team_run_id=" + id);
            assertEquals(3, usage.size(), usage.toString());
            assertEquals(tokens, usage.stream().mapToLong(u -> u.path("total_tokens").asLong()).sum());
            assertTrue(usage.stream().allMatch(u -> u.path("team_run_id").asText().equals(id) && u.path("task_id").isNull()));

            // the event stream replays the run and ends; resumed from an id it sends only what followed
            List<Sse.Event> events = Sse.parse(api.get("/api/v1/runs/" + id + "/events").expect(200).body());
            List<String> names = Sse.names(events);
            assertEquals("done", names.get(names.size() - 1), names.toString());
            assertEquals(3, names.stream().filter("step_started"::equals).count(), names.toString());
            assertEquals(3, names.stream().filter("step_finished"::equals).count(), names.toString());
            assertEquals(List.of("pending", "running"), events.stream().filter(e -> e.name().equals("status")).limit(2)
                    .map(e -> e.data().path("status").asText()).toList());
            assertEquals(run.path("output").asText(), events.get(events.size() - 1).data().path("output").asText());
            String afterId = events.get(events.size() - 2).id();
            List<Sse.Event> rest = Sse.parse(api.call("GET", "/api/v1/runs/" + id + "/events").header("Last-Event-ID", afterId)
                    .send().expect(200).body());
            assertEquals(List.of("done"), Sse.names(rest));

            // run.started and run.completed went through the outbox
            List<String> types = receiver.await("runs", 2, 10_000).stream()
                    .filter(r -> r.json().path("data").path("run_id").asText().equals(id))
                    .map(r -> r.json().path("type").asText()).toList();
            assertEquals(List.of("run.started", "run.completed"), types);

            // listed, filtered by team and status
            assertEquals(List.of(id), api.listAllIds("/api/v1/runs?team_id=" + team));
            assertTrue(api.listAllIds("/api/v1/runs?status=completed").contains(id));
            assertFalse(api.listAllIds("/api/v1/runs?status=failed").contains(id));
            assertTrue(api.get("/api/v1/runs?team_id=" + team).expect(200).data().get(0).path("messages").isMissingNode(),
                    "lists leave the messages out");
        }
    }

    @Test
    void aStepThatFailsIsRetriedWithGrowingDelaysUntilItWorks() {
        String marker = Api.unique("retry");
        String failing = "[refuse-first:2] " + marker;
        // the failing step comes last: a step handed its output would see the marker too
        String team = Runs.pipeline(api, true, List.of(
                Runs.step(openai, "Before", "instructions", "before " + marker),
                Runs.step(openai, "Flaky", "instructions", failing, "on_failure", "retry", "max_retries", 2)));
        String id = Runs.start(api, team, "retry " + marker).path("id").asText();
        JsonNode run = Runs.await(api, id, 30_000, "completed", "failed");
        assertEquals("completed", run.path("status").asText(), run.toString());
        List<FakeLlmServer.Recorded> attempts = stepRequests(failing);
        assertEquals(3, attempts.size(), "two refusals, then the answer");
        long first = attempts.get(1).receivedAtNanos() - attempts.get(0).receivedAtNanos();
        long second = attempts.get(2).receivedAtNanos() - attempts.get(1).receivedAtNanos();
        // exponential from AGENTRY_RUNS_RETRY_BASE_MILLIS (300 on this server): 300 ms, then 600 ms (each at least
        // three quarters of that); the engine may pick a due job up later, never sooner
        assertTrue(first >= 225_000_000L, "a delay before the first retry: " + first / 1_000_000 + " ms");
        assertTrue(second >= 450_000_000L, "the second delay is twice as long: " + first / 1_000_000 + " then "
                + second / 1_000_000 + " ms");
        assertEquals(2, Runs.messages(run, "failed").size(), run.toString());
        assertEquals(1, stepRequests("before " + marker).size(), "the step before ran once");
        assertEquals(run.path("output").asText(), Runs.messages(run, "output").get(1).path("content").asText());
    }

    @Test
    void aStepOutOfRetriesStopsTheRunAndLaterStepsNeverRun() {
        String marker = Api.unique("stop");
        String team = Runs.pipeline(api, true, List.of(
                Runs.step(openai, "Broken", "instructions", "[fail:400] " + marker, "on_failure", "retry", "max_retries", 1),
                Runs.step(openai, "Never", "instructions", "never " + marker)));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            api.post("/api/v1/hooks", obj("target_url", receiver.url("failed"), "event", "run.failed")).expect(201);
            String id = Runs.start(api, team, "stop " + marker).path("id").asText();
            JsonNode run = Runs.await(api, id, 30_000, "completed", "failed");
            assertEquals("failed", run.path("status").asText(), run.toString());
            assertTrue(run.path("error").asText().startsWith("step 1 (Broken) failed after 2 attempts"), run.toString());
            assertEquals(2, fake.callsWith("[fail:400] " + marker));
            assertEquals(0, fake.callsWith("never " + marker), "a later step never ran");
            assertEquals(0, run.path("current_step").asInt());
            assertEquals(id, receiver.await("failed", 1, 10_000).get(0).json().path("data").path("run_id").asText());
        }
        // on_failure stop (the default) fails at the first refusal
        String stopTeam = Runs.pipeline(api, true, List.of(
                Runs.step(openai, "Broken", "instructions", "[fail:400] once " + marker),
                Runs.step(openai, "Never", "instructions", "never again " + marker)));
        JsonNode stopped = Runs.await(api, Runs.start(api, stopTeam, "stop").path("id").asText(), 30_000, "completed", "failed");
        assertEquals("failed", stopped.path("status").asText());
        assertEquals(1, fake.callsWith("[fail:400] once " + marker));
        assertEquals(0, fake.callsWith("never again " + marker));
    }

    @Test
    void aSkippedStepIsRecordedAndTheNextGetsTheLastOutputThatWorked() {
        String marker = Api.unique("skip");
        String team = Runs.pipeline(api, true, List.of(
                Runs.step(openai, "One", "instructions", "first " + marker),
                Runs.step(openai, "Two", "instructions", "[fail:400] " + marker, "on_failure", "skip"),
                Runs.step(openai, "Three", "instructions", "third " + marker)));
        String id = Runs.start(api, team, "skip " + marker).path("id").asText();
        JsonNode run = Runs.await(api, id, 30_000, "completed", "failed");
        assertEquals("completed", run.path("status").asText(), run.toString());
        List<JsonNode> skipped = Runs.messages(run, "skipped");
        assertEquals(1, skipped.size(), run.toString());
        assertEquals("Two", skipped.get(0).path("step_name").asText());
        String first = Runs.messages(run, "output").get(0).path("content").asText();
        assertTrue(onlyRequest("third " + marker).contains(firstLine(first)), "step 3 got step 1's output");
        assertEquals(1, stepRequests("[fail:400] " + marker).size());
    }

    @Test
    void withoutAutoHandoffTheRunPausesForAReviewAndGoesOnWithTheEditedOutput() {
        String marker = Api.unique("review");
        String team = Runs.pipeline(api, false, List.of(
                Runs.step(openai, "Draft", "instructions", "draft " + marker),
                Runs.step(openai, "Final", "instructions", "final " + marker)));
        String id = Runs.start(api, team, "review " + marker).path("id").asText();
        JsonNode paused = Runs.await(api, id, 30_000, "paused", "failed", "completed");
        assertEquals("paused", paused.path("status").asText(), paused.toString());
        assertEquals(1, paused.path("current_step").asInt());
        String draft = Runs.messages(paused, "output").get(0).path("content").asText();
        assertEquals(draft, paused.path("pending_output").asText());
        Api.sleep(500);
        assertEquals(0, fake.callsWith("final " + marker), "nothing runs while it is paused");

        api.post("/api/v1/runs/" + id + "/resume", obj("output", 5)).expectError(400, "bad_request");
        JsonNode resumed = api.post("/api/v1/runs/" + id + "/resume", obj("output", "EDITED by a person " + marker))
                .expect(200).data();
        assertEquals("running", resumed.path("status").asText());
        JsonNode run = Runs.await(api, id, 30_000, "completed", "failed");
        assertEquals("completed", run.path("status").asText(), run.toString());
        String step2 = onlyRequest("final " + marker);
        assertTrue(step2.contains("EDITED by a person " + marker), step2);
        assertFalse(step2.contains(firstLine(draft)), "the draft was replaced");
        assertEquals(1, Runs.messages(run, "edited").size());
        api.post("/api/v1/runs/" + id + "/resume", null).expectError(409, "conflict");
    }

    @Test
    void aRunningRunIsCancelledAtOnceAndStaysCancelled() {
        String marker = Api.unique("cancel");
        String slow = "[ms:2500] " + marker;
        String team = Runs.pipeline(api, true, List.of(
                Runs.step(openai, "Slow", "instructions", slow),
                Runs.step(openai, "Never", "instructions", "never " + marker)));
        String id = Runs.start(api, team, "cancel " + marker).path("id").asText();
        long deadline = System.currentTimeMillis() + 10_000;
        while (fake.inProgressWith(slow) == 0 && System.currentTimeMillis() < deadline) {
            Api.sleep(20);
        }
        assertEquals(1, fake.inProgressWith(slow), "the model is working on step 1");
        long started = System.nanoTime();
        assertEquals("cancelled", api.post("/api/v1/runs/" + id + "/cancel", null).expect(200).data().path("status").asText());
        UUID runId = UUID.fromString(id);
        while (Api.countRows("select count(*) from jobs where subject_id = ?", runId) > 0
                && System.nanoTime() - started < 2_000_000_000L) {
            Api.sleep(20);
        }
        assertEquals(0, Api.countRows("select count(*) from jobs where subject_id = ?", runId), "its job ended within 2 s");
        Api.sleep(3_000); // past the moment the model would have answered
        JsonNode run = api.get("/api/v1/runs/" + id).expect(200).data();
        assertEquals("cancelled", run.path("status").asText(), run.toString());
        assertTrue(Runs.messages(run, "output").isEmpty(), run.toString());
        assertEquals(0, fake.callsWith("never " + marker));
        api.post("/api/v1/runs/" + id + "/cancel", null).expectError(409, "conflict");
        List<Sse.Event> events = Sse.parse(api.get("/api/v1/runs/" + id + "/events").expect(200).body());
        assertEquals("cancelled", events.get(events.size() - 1).data().path("status").asText());
    }

    @Test
    void aTaskAssignedToATeamIsRunByItAndTakesItsOutput() {
        String marker = Api.unique("team-task");
        String team = Runs.pipeline(api, true, List.of(
                Runs.step(openai, "One", "instructions", "one " + marker),
                Runs.step(openai, "Two", "instructions", "two " + marker)));
        JsonNode task = Tasks.create(api, "title", "Team task " + marker, "assigned_team_id", team);
        assertEquals("dispatched", task.path("status").asText(), task.toString());
        String taskId = task.path("id").asText();
        JsonNode done = Tasks.await(api, taskId, 30_000, "completed", "failed");
        assertEquals("completed", done.path("status").asText(), done.toString());
        List<JsonNode> runs = api.listAll("/api/v1/runs?team_id=" + team);
        assertEquals(1, runs.size());
        JsonNode run = runs.get(0);
        assertEquals(taskId, run.path("task_id").asText());
        assertEquals(run.path("output").asText(), done.path("result").asText());
        assertEquals(run.path("tokens_total").asLong(), done.path("tokens_total").asLong());
        assertTrue(onlyRequest("one " + marker).contains("Team task " + marker), "the task's title is the run's input");
        List<JsonNode> usage = api.listAll("/api/v1/usage?task_id=" + taskId);
        assertEquals(2, usage.size());
        assertTrue(usage.stream().allMatch(u -> u.path("team_run_id").asText().equals(run.path("id").asText())));

        // cancelling the task cancels its run
        String slow = "[ms:2500] " + marker;
        String slowTeam = Runs.pipeline(api, true, List.of(Runs.step(openai, "Slow", "instructions", slow)));
        String slowTask = Tasks.create(api, "title", "slow " + marker, "assigned_team_id", slowTeam).path("id").asText();
        Tasks.await(api, slowTask, 10_000, "running");
        api.post("/api/v1/tasks/" + slowTask + "/cancel", null).expect(200);
        String slowRun = api.listAll("/api/v1/runs?team_id=" + slowTeam).get(0).path("id").asText();
        assertEquals("cancelled", api.get("/api/v1/runs/" + slowRun).expect(200).data().path("status").asText());
    }

    @Test
    void runsAreInvisibleToAnotherOrganizationAndBadRequestsChangeNothing() {
        String team = Runs.pipeline(api, true, List.of(Runs.step(openai, "Only", "instructions", Api.unique("iso"))));
        String id = Runs.start(api, team, "mine").path("id").asText();
        Runs.await(api, id, 30_000, "completed");
        Api other = Api.createOrg("runs-other").api();
        other.get("/api/v1/runs/" + id).expectError(404, "not_found");
        other.get("/api/v1/runs/" + id + "/events").expectError(404, "not_found");
        other.post("/api/v1/runs/" + id + "/cancel", null).expectError(404, "not_found");
        other.post("/api/v1/runs/" + id + "/resume", obj("output", "x")).expectError(404, "not_found");
        other.post("/api/v1/runs", obj("team_id", team, "input_task", "steal")).expectError(400, "bad_request");
        assertFalse(other.listAllIds("/api/v1/runs").contains(id));
        assertTrue(other.listAllIds("/api/v1/runs?team_id=" + team).isEmpty());

        api.post("/api/v1/runs", obj("team_id", team)).expectError(400, "bad_request");
        api.post("/api/v1/runs", obj("team_id", "nope", "input_task", "x")).expectError(400, "bad_request");
        api.post("/api/v1/runs", obj("team_id", team, "input_task", "  ")).expectError(400, "bad_request");
        api.post("/api/v1/runs", obj("team_id", team, "input_task", "x", "zz", 1)).expectError(400, "bad_request");
        api.get("/api/v1/runs?status=exploded").expectError(400, "bad_request");
        api.get("/api/v1/runs?team_id=nope").expectError(400, "bad_request");
        String empty = api.post("/api/v1/teams", obj("name", "no steps yet")).expect(201).id();
        api.post("/api/v1/runs", obj("team_id", empty, "input_task", "x")).expectError(409, "conflict");
        assertEquals(List.of(id), api.listAllIds("/api/v1/runs?team_id=" + team), "nothing else was started");
    }

    static List<FakeLlmServer.Recorded> stepRequests(String instructions) {
        return Runs.stepRequests(fake, null, instructions);
    }

    /** The last user message of the step's one model request. */
    static String onlyRequest(String instructions) {
        List<FakeLlmServer.Recorded> found = stepRequests(instructions);
        assertEquals(1, found.size(), "requests of the step " + instructions);
        return FakeLlmServer.Turn.of(found.get(0).provider(), found.get(0).body()).userText();
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }
}
