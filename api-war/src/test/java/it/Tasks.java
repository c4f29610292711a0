package it;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Helpers of the task tests: create one, wait for a status. */
final class Tasks {

    private Tasks() {
    }

    static JsonNode create(Api api, Object... fields) {
        return api.post("/api/v1/tasks", Api.obj(fields)).expect(201).data();
    }

    /** Polls the task until its status is one of {@code statuses}; fails after {@code millis}. */
    static JsonNode await(Api api, String taskId, long millis, String... statuses) {
        Set<String> wanted = Set.of(statuses);
        long deadline = System.currentTimeMillis() + millis;
        JsonNode task = null;
        while (System.currentTimeMillis() < deadline) {
            task = api.get("/api/v1/tasks/" + taskId).expect(200).data();
            if (wanted.contains(task.path("status").asText())) {
                return task;
            }
            Api.sleep(50);
        }
        fail("task " + taskId + " did not become " + wanted + " within " + millis + " ms: " + task);
        return task;
    }
}
