package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Accepted work survives a server that dies, and never runs twice at the same time: both
 * PostgreSQL instances work one queue; the second is killed (SIGKILL) while 50 tasks are in
 * flight and started again; 200 tasks spread over both run exactly once each.
 */
class TaskDurabilityIT {

    @Test
    void tasksInFlightWhenAServerIsKilledAllCompleteAndAreAnnouncedOnce() throws Exception {
        FakeLlmServer fake = FakeLlmServer.start();
        Api.Org org = Api.createOrg("durability");
        Api first = org.api();
        Api second = Api.at(Api.secondBaseUrl(), org.ownerToken());
        String agent = ChatIT.agent(first, "openai");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String secret = first.post("/api/v1/hooks", obj("target_url", receiver.url("done"), "event", "task.completed"))
                    .expect(201).data().path("secret").asText();
            String run = Api.unique("kill");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                // half created on each server; each answer takes 2 s, so all 50 are running at the kill
                Api via = i % 2 == 0 ? first : second;
                ids.add(Tasks.create(via, "title", "[ms:2000] " + run + " task " + i, "assigned_agent_id", agent).path("id").asText());
            }
            long deadline = System.currentTimeMillis() + 20_000;
            while (Api.countRows("select count(*) from tasks where organization_id = ? and status = 'running'", org.id()) < 50
                    && System.currentTimeMillis() < deadline) {
                Api.sleep(20);
            }
            long runningAtKill = Api.countRows("select count(*) from tasks where organization_id = ? and status = 'running'", org.id());
            SecondServer.kill();
            System.out.println("[TaskDurabilityIT] killed the second server with " + runningAtKill + " of 50 tasks running, "
                    + Api.countRows("select count(*) from jobs j join tasks t on t.id = j.subject_id where t.organization_id = ? "
                    + "and j.state = 'running'", org.id()) + " jobs running");
            assertTrue(runningAtKill >= 40, "the kill came while the tasks ran: " + runningAtKill);
            SecondServer.start();

            for (String id : ids) {
                JsonNode task = Tasks.await(first, id, 90_000, "completed", "failed");
                assertEquals("completed", task.path("status").asText(), task.toString());
            }
            assertEquals(0, Api.countRows("select count(*) from tasks where organization_id = ? and status <> 'completed'", org.id()));
            assertEquals(0, Api.countRows("select count(*) from jobs j join tasks t on t.id = j.subject_id where t.organization_id = ?",
                    org.id()), "no job is left behind");
            // never two runs of one task at the same time, on either server
            for (int i = 0; i < 50; i++) {
                String text = "[ms:2000] " + run + " task " + i;
                assertEquals(1, fake.mostAtOnce.getOrDefault(text, 0), "task " + i + " ran at most once at a time");
            }
            // every completion is announced; a message sent twice (a server died after sending it) keeps its webhook-id
            List<WebhookReceiver.Received> messages = receiver.await("done", 50, 30_000);
            Map<String, Set<String>> idsPerTask = new HashMap<>();
            for (WebhookReceiver.Received m : messages) {
                new com.standardwebhooks.Webhook(secret).verify(m.body(), m.httpHeaders());
                idsPerTask.computeIfAbsent(m.json().path("data").path("task_id").asText(), k -> new HashSet<>())
                        .add(m.header("webhook-id"));
            }
            assertEquals(new HashSet<>(ids), idsPerTask.keySet(), "every task's completion was delivered");
            idsPerTask.forEach((task, webhookIds) -> assertEquals(1, webhookIds.size(), "one webhook-id per completion of " + task));
        }
    }

    @Test
    void twoServersWorkingOneQueueRunEachOfTwoHundredTasksOnce() throws Exception {
        FakeLlmServer fake = FakeLlmServer.start();
        Api.Org org = Api.createOrg("two-servers");
        Api first = org.api();
        Api second = Api.at(Api.secondBaseUrl(), org.ownerToken());
        String agent = ChatIT.agent(first, "openai");
        String run = Api.unique("pair");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<String>> created = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                int n = i;
                created.add(clients.submit(() -> Tasks.create(n % 2 == 0 ? first : second, "title", "[ms:50] " + run + " #" + n,
                        "assigned_agent_id", agent).path("id").asText()));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : created) {
                ids.add(f.get());
            }
            for (String id : ids) {
                assertEquals("completed", Tasks.await(first, id, 60_000, "completed", "failed").path("status").asText());
            }
        } finally {
            clients.shutdown();
        }
        for (int i = 0; i < 200; i++) {
            String text = "[ms:50] " + run + " #" + i;
            assertEquals(1, fake.calls.get(text).get(), "task " + i + " was run exactly once");
            assertEquals(1, fake.mostAtOnce.get(text), "task " + i + " never ran twice at the same time");
        }
    }
}
