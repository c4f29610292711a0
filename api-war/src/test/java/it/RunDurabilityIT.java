package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Team runs survive a server killed (SIGKILL) mid-pipeline: both PostgreSQL servers work the
 * queue; runs are killed on the second while their second step waits for the model; after the
 * restart every run completes without repeating a step that had completed, and no step ever ran
 * twice at the same time.
 */
class RunDurabilityIT {

    @Test
    void runsKilledMidPipelineResumeAtTheirStepWithoutRepeatingCompletedSteps() throws Exception {
        FakeLlmServer fake = FakeLlmServer.start();
        Api.Org org = Api.createOrg("run-durability");
        Api first = org.api();
        Api second = Api.at(Api.secondBaseUrl(), org.ownerToken());
        String agent = ChatIT.agent(first, "openai");
        String marker = Api.unique("kill");
        String team = Runs.pipeline(first, true, List.of(
                Runs.step(agent, "Quick", "instructions", "quick " + marker),
                Runs.step(agent, "Slow", "instructions", "[ms:2500] slow " + marker),
                Runs.step(agent, "Last", "instructions", "last " + marker)));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(Runs.start(i % 2 == 0 ? first : second, team, "run " + i + " " + marker).path("id").asText());
        }
        // every run is in its slow second step: step 1 is done and checkpointed (on a slow host the
        // first runs may finish step 2 before the last ones start it: they are past step 1 too)
        long deadline = System.currentTimeMillis() + 20_000;
        while (fake.inProgressWith("[ms:2500] slow " + marker) < 12 && System.currentTimeMillis() < deadline) {
            Api.sleep(20);
        }
        assertEquals(12, Api.countRows("select count(*) from team_runs where organization_id = ? and current_step >= 1",
                org.id()), "every run finished step 1 before the kill");
        SecondServer.kill();
        SecondServer.start();

        for (String id : ids) {
            JsonNode run = Runs.await(first, id, 90_000, "completed", "failed");
            assertEquals("completed", run.path("status").asText(), run.toString());
            assertEquals(3, Runs.messages(run, "output").size(), run.toString());
        }
        int slowCalls = 0;
        for (int i = 0; i < 12; i++) {
            String input = "run " + i + " " + marker;
            assertEquals(1, stepCalls(fake, input, "quick " + marker), "step 1 of run " + i + " ran once, before the kill");
            assertEquals(1, stepCalls(fake, input, "last " + marker), "step 3 of run " + i + " ran once");
            slowCalls += stepCalls(fake, input, "[ms:2500] slow " + marker);
        }
        System.out.println("[RunDurabilityIT] step 2 was called " + slowCalls + " times for 12 runs");
        assertTrue(slowCalls > 12, "the kill interrupted some runs' step 2, which ran again: " + slowCalls);
        for (var e : fake.mostAtOnce.entrySet()) {
            if (e.getKey().contains(marker)) {
                assertEquals(1, e.getValue(), "never two calls of one step at the same time: " + e.getKey());
            }
        }
        assertEquals(0, Api.countRows("select count(*) from jobs where organization_id = ?", org.id()), "no job is left");
    }

    private static int stepCalls(FakeLlmServer fake, String input, String instructions) {
        return Runs.stepRequests(fake, input, instructions).size();
    }
}
