package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Orchestrator and collaboration runs against model servers speaking OpenAI's and Anthropic's
 * protocols: the lead delegates through native tool calls, members run in parallel and see only
 * their delegation, the delegation limit holds; members take turns until consensus, the
 * facilitator's decision or the turn limit, with the speaker chosen in rotation or by a model.
 */
class RunModesIT {

    private static FakeLlmServer fake;
    private static Api api;

    @BeforeAll
    static void setUp() {
        fake = FakeLlmServer.start();
        api = Api.createOrg("run-modes").api();
    }

    private static String agent(String provider, String name) {
        return api.createAgent(name, "provider", provider, "model",
                provider.equals("anthropic") ? "claude-sonnet-4-20250514" : "gpt-4o-mini", "system_prompt", "You are a test agent.")
                .path("id").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void aLeadDelegatesThroughNativeToolCallsAndMembersSeeOnlyTheirTask(String provider) {
        String secret = Api.unique("LEAD-ONLY");
        String lead = agent(provider, "Lead " + provider);
        String researcher = agent("openai", "Researcher " + provider);
        String writer = agent("anthropic", "Writer " + provider);
        String team = Runs.team(api, "orchestrator", obj("lead_agent_id", lead, "member_agent_ids", List.of(researcher, writer),
                "max_delegations", 4));
        String id = Runs.start(api, team, "[delegate:all][parallel] " + secret).path("id").asText();
        JsonNode run = Runs.await(api, id, 30_000, "completed", "failed");
        assertEquals("completed", run.path("status").asText(), run.toString());

        // the lead was offered one tool per member through the provider's tool protocol
        List<FakeLlmServer.Recorded> leadCalls = fake.requestsWith(secret).stream()
                .filter(r -> FakeLlmServer.Turn.of(r.provider(), r.body()).userText().contains(secret)).toList();
        assertEquals(2, leadCalls.size(), "the lead asked, then answered");
        assertEquals(provider, leadCalls.get(0).provider());
        List<String> tools = FakeLlmServer.Turn.of(provider, leadCalls.get(0).body()).toolNames();
        List<String> delegates = List.of("delegate_to_researcher_" + provider, "delegate_to_writer_" + provider);
        assertTrue(tools.containsAll(delegates), tools.toString());

        // each member got only its delegation (task, context, expected output), never the lead's transcript
        List<FakeLlmServer.Recorded> members = new ArrayList<>();
        for (String tool : delegates) {
            List<FakeLlmServer.Recorded> got = fake.requestsWith("Shared context for " + tool).stream()
                    .filter(r -> FakeLlmServer.Turn.of(r.provider(), r.body()).userText().startsWith("Do the part of")).toList();
            assertEquals(1, got.size(), tool + " was asked once");
            String text = FakeLlmServer.Turn.of(got.get(0).provider(), got.get(0).body()).userText();
            assertTrue(text.startsWith("Do the part of " + tool.substring("delegate_to_".length())), text);
            assertTrue(text.contains("Expected output: One line"), text);
            assertFalse(got.get(0).body().toString().contains(secret), "the member never sees the lead's transcript");
            members.add(got.get(0));
        }
        assertEquals("openai", members.get(0).provider());
        assertEquals("anthropic", members.get(1).provider());
        long apart = Math.abs(members.get(0).receivedAtNanos() - members.get(1).receivedAtNanos());
        assertTrue(apart < 700_000_000L, "the two delegations ran in parallel (" + apart / 1_000_000 + " ms apart)");

        // the members' answers came back verbatim as the tool results, and the lead's answer is the output
        List<JsonNode> results = Runs.messages(run, "delegation_result");
        assertEquals(2, results.size(), run.toString());
        assertEquals(2, Runs.messages(run, "delegation").size());
        String output = run.path("output").asText();
        for (JsonNode r : results) {
            assertTrue(output.contains(r.path("content").asText().lines().findFirst().orElseThrow()), output);
            assertTrue(r.path("tokens").asInt() > 0, r.toString());
        }
        assertEquals(output, Runs.messages(run, "final").get(0).path("content").asText());
        assertEquals(4, api.listAll("/api/v1/usage?team_run_id=" + id).size(), "two lead calls and two member calls");
        List<String> events = Sse.names(Sse.parse(api.get("/api/v1/runs/" + id + "/events").expect(200).body()));
        assertEquals(2, events.stream().filter("delegation"::equals).count(), events.toString());
        assertEquals(2, events.stream().filter("delegation_result"::equals).count(), events.toString());
    }

    @Test
    void cancellingAnOrchestratorRunStopsItsDelegationsToo() {
        String marker = Api.unique("cancel-children");
        String lead = agent("openai", "Busy lead");
        String one = agent("openai", "Slow one " + marker.substring(marker.length() - 8));
        String two = agent("openai", "Slow two " + marker.substring(marker.length() - 8));
        String team = Runs.team(api, "orchestrator", obj("lead_agent_id", lead, "member_agent_ids", List.of(one, two)));
        String id = Runs.start(api, team, "[delegate:all][slow-members] " + marker).path("id").asText();
        String suffix = marker.substring(marker.length() - 8) + " [ms:2500]";
        long deadline = System.currentTimeMillis() + 10_000;
        while (fake.inProgressWith(suffix) < 2 && System.currentTimeMillis() < deadline) {
            Api.sleep(20);
        }
        assertEquals(2, fake.inProgressWith(suffix), "both members are working");
        long started = System.nanoTime();
        assertEquals("cancelled", api.post("/api/v1/runs/" + id + "/cancel", null).expect(200).data().path("status").asText());
        java.util.UUID runId = java.util.UUID.fromString(id);
        String jobsOfRun = "select count(*) from jobs where subject_id = ? or subject_id in (select id from team_run_calls where run_id = ?)";
        while (Api.countRows(jobsOfRun, runId, runId) > 0 && System.nanoTime() - started < 2_000_000_000L) {
            Api.sleep(20);
        }
        assertEquals(0, Api.countRows(jobsOfRun, runId, runId), "the run's and its delegations' jobs ended within 2 s");
        Api.sleep(3_000); // past the moment the members would have answered
        JsonNode run = api.get("/api/v1/runs/" + id).expect(200).data();
        assertEquals("cancelled", run.path("status").asText(), run.toString());
        assertTrue(Runs.messages(run, "delegation_result").isEmpty(), "no member's answer landed: " + run);
        assertEquals(2, Api.countRows("select count(*) from team_run_calls where run_id = ? and status = 'cancelled'", runId));
    }

    @Test
    void theDelegationLimitHoldsAndTheLeadMustThenAnswer() {
        String marker = Api.unique("loop");
        String lead = agent("openai", "Looping lead");
        String member = agent("openai", "Helper");
        String team = Runs.team(api, "orchestrator", obj("lead_agent_id", lead, "member_agent_ids", List.of(member),
                "max_delegations", 2));
        String id = Runs.start(api, team, "[delegate:loop] " + marker).path("id").asText();
        JsonNode run = Runs.await(api, id, 30_000, "completed", "failed");
        assertEquals("completed", run.path("status").asText(), run.toString());
        assertEquals(2, Runs.messages(run, "delegation_result").size(), run.toString());
        List<FakeLlmServer.Recorded> leadCalls = fake.requestsWith(marker);
        JsonNode last = leadCalls.get(leadCalls.size() - 1).body();
        assertTrue(FakeLlmServer.Turn.of("openai", last).toolNames().isEmpty(), "the last call offered no delegation: " + last);
        assertFalse(run.path("output").asText().isBlank());
    }

    @Test
    void membersTakeTurnsUntilConsensus() {
        String a = agent("openai", "Alice");
        String b = agent("anthropic", "Bob");
        String team = Runs.team(api, "collaboration", obj("member_agent_ids", List.of(a, b), "termination", "consensus",
                "max_turns", 10));
        String id = Runs.start(api, team, "[brief][agree-after:3] " + Api.unique("consensus")).path("id").asText();
        JsonNode run = Runs.await(api, id, 30_000, "completed", "failed");
        assertEquals("completed", run.path("status").asText(), run.toString());
        List<JsonNode> turns = Runs.messages(run, "output");
        assertEquals(List.of("Alice", "Bob", "Alice", "Bob"), turns.stream().map(t -> t.path("agent_name").asText()).toList());
        assertEquals("Statement 4 [AGREE]", turns.get(3).path("content").asText());
        assertEquals("Statement 4", run.path("output").asText(), "the final statement, without the marker");
        assertEquals(4, run.path("current_step").asInt());
        assertEquals(List.of(0, 1, 2, 3), turns.stream().map(t -> t.path("step").asInt()).toList());
    }

    @Test
    void aModelChoosesTheSpeakerAndTheFacilitatorDecidesTheEnd() {
        String a = agent("openai", "Ann");
        String b = agent("openai", "Ben");
        String f = agent("anthropic", "Fay");
        String team = Runs.team(api, "collaboration", obj("member_agent_ids", List.of(a, b), "speaker_selection", "llm_select",
                "termination", "facilitator_decision", "facilitator_agent_id", f, "max_turns", 10));
        String id = Runs.start(api, team, "[brief][done-after:4] " + Api.unique("facilitated")).path("id").asText();
        JsonNode run = Runs.await(api, id, 30_000, "completed", "failed");
        assertEquals("completed", run.path("status").asText(), run.toString());
        // the model names the last candidate, never the one who just spoke: Ben, Ann, Ben, Ann
        List<String> speakers = Runs.messages(run, "output").stream().map(t -> t.path("agent_name").asText()).toList();
        assertEquals(List.of("Ben", "Ann", "Ben", "Ann"), speakers);
        JsonNode last = Runs.messages(run, "final").get(0);
        assertEquals("Fay", last.path("agent_name").asText());
        assertEquals("facilitator", last.path("role").asText());
        assertEquals("Final statement after 4 statements", run.path("output").asText());
        // choosing (where there was a choice: the first turn) and deciding are billed to the run too
        assertEquals(4 + 1 + 2, api.listAll("/api/v1/usage?team_run_id=" + id).size());
    }

    @Test
    void theTurnLimitEndsADiscussionWithItsLastStatement() {
        String a = agent("openai", "Cat");
        String b = agent("openai", "Dan");
        String team = Runs.team(api, "collaboration", obj("member_agent_ids", List.of(a, b), "max_turns", 3));
        JsonNode run = Runs.await(api, Runs.start(api, team, "[brief] " + Api.unique("limit")).path("id").asText(), 30_000,
                "completed", "failed");
        assertEquals("completed", run.path("status").asText(), run.toString());
        assertEquals(3, Runs.messages(run, "output").size());
        assertEquals("Statement 3", run.path("output").asText());
    }
}
