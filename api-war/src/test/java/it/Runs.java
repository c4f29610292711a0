package it;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Helpers of the team run tests: teams of each mode, starting a run, waiting for a status. */
final class Runs {

    private Runs() {
    }

    static Map<String, Object> step(String agent, String name, Object... extra) {
        Object[] fields = new Object[extra.length + 4];
        fields[0] = "agent_id";
        fields[1] = agent;
        fields[2] = "step_name";
        fields[3] = name;
        System.arraycopy(extra, 0, fields, 4, extra.length);
        return Api.obj(fields);
    }

    static String pipeline(Api api, boolean autoHandoff, List<Map<String, Object>> steps) {
        return api.post("/api/v1/teams", Api.obj("name", Api.unique("pipeline"), "mode", "pipeline", "config",
                Api.obj("steps", steps, "auto_handoff", autoHandoff))).expect(201).id();
    }

    static String team(Api api, String mode, Map<String, Object> config) {
        return api.post("/api/v1/teams", Api.obj("name", Api.unique(mode), "mode", mode, "config", config)).expect(201).id();
    }

    static JsonNode start(Api api, String teamId, String input) {
        return api.post("/api/v1/runs", Api.obj("team_id", teamId, "input_task", input)).expect(202).data();
    }

    /** Polls the run until its status is one of {@code statuses}; fails after {@code millis}. */
    static JsonNode await(Api api, String runId, long millis, String... statuses) {
        Set<String> wanted = Set.of(statuses);
        long deadline = System.currentTimeMillis() + millis;
        JsonNode run = null;
        while (System.currentTimeMillis() < deadline) {
            run = api.get("/api/v1/runs/" + runId).expect(200).data();
            if (wanted.contains(run.path("status").asText())) {
                return run;
            }
            Api.sleep(50);
        }
        fail("run " + runId + " did not become " + wanted + " within " + millis + " ms: " + run);
        return run;
    }

    /**
     * The model requests of the pipeline step whose instructions are {@code instructions} (in the
     * run whose input starts with {@code input}, when given): its own, not a later step's that was
     * handed its output (which comes after "Output of the previous step").
     */
    static List<FakeLlmServer.Recorded> stepRequests(FakeLlmServer fake, String input, String instructions) {
        return fake.requestsWith(instructions).stream().filter(r -> {
            String text = FakeLlmServer.Turn.of(r.provider(), r.body()).userText();
            int own = text.indexOf("Instructions: " + instructions);
            int handed = text.indexOf("--- Output of the previous step");
            return (input == null || text.startsWith(input + "\n")) && own >= 0 && (handed < 0 || own < handed);
        }).toList();
    }

    /** The run's messages of one type, in order. */
    static List<JsonNode> messages(JsonNode run, String type) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode m : run.path("messages")) {
            if (m.path("type").asText().equals(type)) {
                found.add(m);
            }
        }
        return found;
    }
}
