package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedded H2 default runs tasks, team runs and delivers webhooks too (one instance, the H2 claim), and keeps teams. */
class TasksH2IT {

    @Test
    void teamsAreStoredWithTheirMembersOnH2() {
        Api h2 = Api.at(Api.h2BaseUrl(), Api.bootstrapToken());
        String lead = h2.createAgent("h2 lead", "provider", "openai", "model", "gpt-4o-mini").path("id").asText();
        String member = h2.createAgent("h2 member", "provider", "openai", "model", "gpt-4o-mini").path("id").asText();
        String id = h2.post("/api/v1/teams", obj("name", Api.unique("h2 team"), "mode", "orchestrator",
                "config", obj("lead_agent_id", lead, "member_agent_ids", List.of(member)))).expect(201).id();
        JsonNode team = h2.get("/api/v1/teams/" + id).expect(200).data();
        assertEquals("h2 lead", team.path("members").get(0).path("agent_name").asText(), team.toString());
        assertEquals("member", team.path("members").get(1).path("role").asText());
        h2.delete("/api/v1/agents/" + member).expectError(409, "conflict");
        h2.delete("/api/v1/teams/" + id).expect(204);
        h2.delete("/api/v1/agents/" + member).expect(204);
    }

    @Test
    void aPipelineRunsOnH2WithAPauseAndAnOrchestratorDelegates() {
        FakeLlmServer.start();
        Api h2 = Api.at(Api.h2BaseUrl(), Api.bootstrapToken());
        String agent = ChatIT.agent(h2, "openai");
        String marker = Api.unique("h2 pipeline");
        String team = Runs.pipeline(h2, false, List.of(Runs.step(agent, "One", "instructions", "one " + marker),
                Runs.step(agent, "Two", "instructions", "two " + marker)));
        String id = Runs.start(h2, team, marker).path("id").asText();
        JsonNode paused = Runs.await(h2, id, 20_000, "paused", "failed");
        assertEquals("paused", paused.path("status").asText(), paused.toString());
        h2.post("/api/v1/runs/" + id + "/resume", null).expect(200);
        JsonNode run = Runs.await(h2, id, 20_000, "completed", "failed");
        assertEquals("completed", run.path("status").asText(), run.toString());
        assertEquals(2, Runs.messages(run, "output").size());
        assertEquals(2, h2.listAll("/api/v1/usage?team_run_id=" + id).size());

        String member = h2.createAgent("h2 helper", "provider", "openai", "model", "gpt-4o-mini").path("id").asText();
        String orchestra = Runs.team(h2, "orchestrator", obj("lead_agent_id", agent, "member_agent_ids", List.of(member)));
        JsonNode led = Runs.await(h2, Runs.start(h2, orchestra, "[delegate:all] " + marker).path("id").asText(), 20_000,
                "completed", "failed");
        assertEquals("completed", led.path("status").asText(), led.toString());
        assertEquals(1, Runs.messages(led, "delegation_result").size());
    }

    @Test
    void aTaskRunsAndItsCompletionIsDeliveredOnH2() throws Exception {
        FakeLlmServer.start();
        Api h2 = Api.at(Api.h2BaseUrl(), Api.bootstrapToken());
        String agent = ChatIT.agent(h2, "openai");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.script("h2", new int[] {503});
            String secret = h2.post("/api/v1/hooks", obj("target_url", receiver.url("h2"), "event", "task.completed"))
                    .expect(201).data().path("secret").asText();
            String title = Api.unique("on h2");
            String id = Tasks.create(h2, "title", title, "assigned_agent_id", agent, "priority", "urgent").path("id").asText();
            JsonNode done = Tasks.await(h2, id, 20_000, "completed", "failed");
            assertEquals("Echo: " + title + " (2 messages)", done.path("result").asText(), done.toString());
            // retried after the 503, signed, one webhook-id
            WebhookReceiver.Received delivered = receiver.await("h2", 2, 10_000).get(1);
            new Webhook(secret).verify(delivered.body(), delivered.httpHeaders());
            assertEquals(receiver.received("h2").get(0).header("webhook-id"), delivered.header("webhook-id"));
            assertEquals(id, delivered.json().path("data").path("task_id").asText());

            // a running task is cancelled on H2 as well
            String slow = Tasks.create(h2, "title", Api.unique("[slow] h2"), "assigned_agent_id", agent).path("id").asText();
            Tasks.await(h2, slow, 10_000, "running");
            assertEquals("cancelled", h2.post("/api/v1/tasks/" + slow + "/cancel", null).expect(200).data().path("status").asText());
            Api.sleep(6_500);
            assertEquals("cancelled", h2.get("/api/v1/tasks/" + slow).expect(200).data().path("status").asText());

            // and an asynchronous chat's reply goes to its webhook_url through the same outbox
            h2.post("/api/v1/chat/" + agent, obj("message", "async on h2", "webhook_url", receiver.url("chat"))).expect(202);
            WebhookReceiver.Received reply = receiver.await("chat", 1, 20_000).get(0);
            new Webhook(WebhookReceiver.SERVER_SECRET).verify(reply.body(), reply.httpHeaders());
            assertEquals("chat.completed", reply.json().path("type").asText());
        }
    }

    /**
     * Open event streams are capped per organization on each server (2 on the H2 test server): a
     * third is a 429 with Retry-After, another organization is not affected, and a stream that
     * ends (its task cancelled) gives its slot back.
     */
    @Test
    void oneOrganizationsOpenEventStreamsAreCappedWithoutTouchingAnother() throws Exception {
        Api h2 = Api.at(Api.h2BaseUrl(), Api.bootstrapToken());
        // unassigned tasks stay pending, so their streams stay open
        String first = Tasks.create(h2, "title", Api.unique("held stream one")).path("id").asText();
        String second = Tasks.create(h2, "title", Api.unique("held stream two")).path("id").asText();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.util.List<java.io.InputStream> open = new java.util.ArrayList<>();
        try {
            open.add(openStream(client, h2, first));
            open.add(openStream(client, h2, second));
            Api.Resp refused = h2.get("/api/v1/tasks/" + second + "/events");
            refused.expectError(429, "rate_limit_exceeded");
            assertEquals("1", refused.header("Retry-After"));

            Api other = Api.at(Api.h2BaseUrl(), h2.post("/api/v1/organizations", obj("name", Api.unique("h2-streams"),
                    "plan", "team", "owner_email", Api.unique("owner") + "@it.agentry.test")).expect(201).data()
                    .path("token").path("token").asText());
            String theirs = Tasks.create(other, "title", Api.unique("their stream")).path("id").asText();
            open.add(openStream(client, other, theirs));

            // a stream that ends gives its slot back
            h2.post("/api/v1/tasks/" + first + "/cancel", null).expect(200);
            new String(open.get(0).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8); // read to its `done`
            long deadline = System.currentTimeMillis() + 5_000;
            java.io.InputStream again = null;
            while (again == null && System.currentTimeMillis() < deadline) {
                try {
                    again = openStream(client, h2, second);
                } catch (AssertionError stillHeld) { // the slot comes back as the stream's response ends
                    Api.sleep(50);
                }
            }
            assertTrue(again != null, "no slot came back after a stream ended");
            open.add(again);
        } finally {
            for (java.io.InputStream in : open) {
                in.close();
            }
            h2.post("/api/v1/tasks/" + second + "/cancel", null);
        }
    }

    /** Opens a task's event stream and returns its body, unread (the stream stays open). */
    private static java.io.InputStream openStream(java.net.http.HttpClient client, Api api, String task) throws Exception {
        java.net.http.HttpResponse<java.io.InputStream> r = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(api.base() + "/api/v1/tasks/" + task + "/events"))
                .header("Authorization", "Bearer " + api.token()).build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            String body = new String(r.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            throw new AssertionError("event stream of " + task + " answered " + r.statusCode() + ": " + body);
        }
        return r.body();
    }
}
