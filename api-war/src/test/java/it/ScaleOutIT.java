package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two server instances on one PostgreSQL database, as behind a load balancer: they share each
 * organization's rate-limit budget, replay each other's idempotent responses, see each other's
 * writes at once, and honour a revocation made on the other within the token-cache time
 * (AGENTRY_AUTH_CACHE_SECONDS, 2 s on the test servers).
 */
class ScaleOutIT {

    private static Api onFirst(String token) {
        return Api.at(Api.baseUrl(), token);
    }

    private static Api onSecond(String token) {
        return Api.at(Api.secondBaseUrl(), token);
    }

    @Test
    void bothInstancesDrawOnOneBudget() {
        Api.Org org = Api.createOrg("scaleout-budget", 10);
        Api first = onFirst(org.ownerToken());
        Api second = onSecond(org.ownerToken());
        for (int i = 0; i < 10; i++) {
            Api instance = i % 2 == 0 ? first : second;
            Api.Resp ok = instance.get("/api/v1/agents").expect(200);
            assertEquals(String.valueOf(9 - i), ok.requireHeader("X-RateLimit-Remaining"),
                    "request " + (i + 1) + " on instance " + (i % 2 + 1) + " sees the shared remainder");
        }
        first.get("/api/v1/agents").expectError(429, "rate_limit_exceeded");
        second.get("/api/v1/agents").expectError(429, "rate_limit_exceeded");
    }

    @Test
    void writesOnOneInstanceAreReadOnTheOther() {
        Api.Org org = Api.createOrg("scaleout-writes");
        Api first = onFirst(org.ownerToken());
        Api second = onSecond(org.ownerToken());
        String id = first.post("/api/v1/agents", obj("name", "written on one")).expect(201).id();
        assertEquals("written on one", second.get("/api/v1/agents/" + id).expect(200).json().path("name").asText());
        // Each instance renders agents from its own cache: an update on one must show on both.
        second.get("/api/v1/agents").expect(200);
        first.get("/api/v1/agents").expect(200);
        second.patch("/api/v1/agents/" + id, obj("name", "renamed on two")).expect(200);
        assertEquals("renamed on two", first.get("/api/v1/agents/" + id).expect(200).json().path("name").asText());
        JsonNode listed = first.get("/api/v1/agents").expect(200).json();
        assertEquals("renamed on two", listed.get(0).path("name").asText(), "the list on the other instance: " + listed);
        second.delete("/api/v1/agents/" + id).expect(204);
        first.get("/api/v1/agents/" + id).expectError(404, "not_found");
    }

    /**
     * The first instance remembers agents it chatted with; a change made on the second must still
     * reach the model at the first's next chat (the conversation's insert checks the version it
     * remembered), and a deletion there must make it a 404.
     */
    @Test
    void anAgentChangedOnOneInstanceAnswersAsChangedOnTheOther() {
        FakeLlmServer fake = FakeLlmServer.start();
        Api.Org org = Api.createOrg("scaleout-chat");
        Api first = onFirst(org.ownerToken());
        Api second = onSecond(org.ownerToken());
        String agent = ChatIT.agent(first, "openai", "system_prompt", "The first prompt.");
        String before = Api.unique("before the change");
        ChatIT.chat(first, agent, "message", before).expect(200);
        assertTrue(fake.requestsWith(before).get(0).body().toString().contains("The first prompt."));

        second.patch("/api/v1/agents/" + agent, obj("model", "gpt-4.1-mini", "system_prompt", "The second prompt.")).expect(200);
        String after = Api.unique("after the change");
        JsonNode reply = ChatIT.chat(first, agent, "message", after).expect(200).data();
        JsonNode sent = fake.requestsWith(after).get(0).body();
        assertEquals("gpt-4.1-mini", sent.path("model").asText(), sent.toString());
        assertTrue(sent.toString().contains("The second prompt.") && !sent.toString().contains("The first prompt."), sent.toString());
        assertEquals("gpt-4.1-mini", reply.path("model").asText(), reply.toString());

        second.delete("/api/v1/agents/" + agent).expect(204);
        String gone = Api.unique("after the deletion");
        ChatIT.chat(first, agent, "message", gone, "stream", true).expectError(404, "not_found");
        assertEquals(0, fake.requestsWith(gone).size());
    }

    @Test
    void anIdempotentPostIsReplayedByTheOtherInstance() {
        Api.Org org = Api.createOrg("scaleout-idem");
        String key = UUID.randomUUID().toString();
        String tag = Api.unique("scaleout");
        Object body = obj("name", "once", "tags", List.of(tag));
        Api.Resp original = onFirst(org.ownerToken()).call("POST", "/api/v1/agents")
                .header("Idempotency-Key", key).body(body).send().expect(201);
        Api.Resp replay = onSecond(org.ownerToken()).call("POST", "/api/v1/agents")
                .header("Idempotency-Key", key).body(body).send().expect(201);
        assertEquals("true", replay.requireHeader("Idempotent-Replayed"));
        assertEquals(original.id(), replay.id());
        assertEquals(1, onSecond(org.ownerToken()).listAll("/api/v1/agents?tag=" + Api.enc(tag)).size(),
                "one agent, whichever instance the retry reached");
    }

    @Test
    void aRevocationOnOneInstanceStopsTheTokenOnTheOther() throws InterruptedException {
        Api.Org org = Api.createOrg("scaleout-revoke");
        JsonNode created = onFirst(org.ownerToken()).post("/api/v1/tokens", obj("name", "short-lived")).expect(201).json();
        String token = created.path("token").asText();
        onSecond(token).get("/api/v1/agents").expect(200); // now cached as valid on the second instance
        onFirst(org.ownerToken()).post("/api/v1/tokens/" + created.path("id").asText() + "/revoke", null).expect(200);
        onFirst(token).get("/api/v1/agents").expectError(401, "unauthorized"); // at once where it was revoked

        long deadline = System.nanoTime() + 6_000_000_000L; // cache time 2 s, with margin for a slow machine
        int status;
        do {
            status = onSecond(token).get("/api/v1/agents").status();
            if (status == 401) {
                break;
            }
            assertEquals(200, status, "before the cache expires the token still answers normally");
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertTrue(status == 401, "the other instance refuses the revoked token once its cache expires");
    }
}
