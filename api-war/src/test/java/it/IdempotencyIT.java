package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key on POST: the first response is replayed (same status, body and Location, with
 * Idempotent-Replayed: true) and never repeated as a side effect; the same key with another
 * request is a 422; keys belong to one organization.
 */
class IdempotencyIT {

    private static Api.Org org;
    private static Api api;

    @BeforeAll
    static void setUp() {
        org = Api.createOrg("idempotency");
        api = org.api();
    }

    private static Api.Resp postWithKey(Api client, String path, String key, Object body) {
        return client.call("POST", path).header("Idempotency-Key", key).body(body).send();
    }

    /** Agents carrying this test's own tag (so tests never count each other's agents). */
    private static long countTagged(Api client, String tag) {
        return client.listAll("/api/v1/agents?tag=" + Api.enc(tag)).size();
    }

    @Test
    void sameKeySameBodyReplaysTheFirstResponse() {
        String tag = Api.unique("idem");
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = obj("name", "idempotent agent", "tags", List.of(tag), "temperature", 0.5);

        Api.Resp first = postWithKey(api, "/api/v1/agents", key, body).expect(201);
        assertNull(first.header("Idempotent-Replayed"), "the first response is not a replay");
        Api.Resp second = postWithKey(api, "/api/v1/agents", key, body).expect(201);
        Api.Resp third = postWithKey(api, "/api/v1/agents", key, body).expect(201);

        assertEquals("true", second.requireHeader("Idempotent-Replayed"), "replays are marked: " + second.describe());
        assertEquals("true", third.requireHeader("Idempotent-Replayed"));
        assertEquals(first.id(), second.id(), "the replay returns the same agent");
        assertEquals(first.json(), second.json(), "the replay body equals the first body");
        assertEquals(first.json(), third.json());
        assertEquals(first.header("Location"), second.header("Location"), "Location replayed");
        second.requireHeader("X-Request-Id");

        assertEquals(1, countTagged(api, tag), "exactly one agent was created");
        assertEquals(1, Api.countRows("select count(*) from agents where organization_id = ? and tags like ?",
                org.id(), "%" + tag + "%"), "exactly one row in the database");
    }

    @Test
    void sameKeyDifferentBodyIs422AndCreatesNothing() {
        String tag = Api.unique("idem-diff");
        String key = "key-" + UUID.randomUUID();
        postWithKey(api, "/api/v1/agents", key, obj("name", "original", "tags", List.of(tag))).expect(201);

        postWithKey(api, "/api/v1/agents", key, obj("name", "changed", "tags", List.of(tag)))
                .expectError(422, "idempotency_key_reused");
        postWithKey(api.v2(), "/api/v1/agents", key, obj("name", "changed again", "tags", List.of(tag)))
                .expectError(422, "idempotency_key_reused");
        // the same key on another endpoint is another request too
        postWithKey(api, "/api/v1/tokens", key, obj("name", "token with a used key"))
                .expectError(422, "idempotency_key_reused");

        assertEquals(1, countTagged(api, tag), "only the original agent exists");
        assertEquals("original", api.listAll("/api/v1/agents?tag=" + Api.enc(tag)).get(0).path("name").asText());
        assertTrue(api.listAll("/api/v1/tokens").stream()
                .noneMatch(t -> "token with a used key".equals(t.path("name").asText())), "no token created");

        // the original request can still be replayed afterwards
        Api.Resp replay = postWithKey(api, "/api/v1/agents", key, obj("name", "original", "tags", List.of(tag))).expect(201);
        assertEquals("true", replay.requireHeader("Idempotent-Replayed"));
    }

    @Test
    void withoutAKeyEveryPostCreates() {
        String tag = Api.unique("idem-none");
        Map<String, Object> body = obj("name", "no key", "tags", List.of(tag));
        String a = api.post("/api/v1/agents", body).expect(201).id();
        String b = api.post("/api/v1/agents", body).expect(201).id();
        assertNotEquals(a, b);
        assertEquals(2, countTagged(api, tag));
    }

    @Test
    void keysAreScopedToTheOrganization() {
        Api.Org other = Api.createOrg("idempotency-other");
        String tag = Api.unique("idem-orgs");
        String key = "shared-" + UUID.randomUUID();
        Map<String, Object> body = obj("name", "same key, two orgs", "tags", List.of(tag));

        Api.Resp mine = postWithKey(api, "/api/v1/agents", key, body).expect(201);
        Api.Resp theirs = postWithKey(other.api(), "/api/v1/agents", key, body).expect(201);
        assertNull(theirs.header("Idempotent-Replayed"), "another organization's key is not replayed: " + theirs.describe());
        assertNotEquals(mine.id(), theirs.id(), "each organization gets its own agent");
        assertEquals(other.id().toString(), theirs.data().path("organization_id").asText());
        assertEquals(1, countTagged(api, tag));
        assertEquals(1, countTagged(other.api(), tag));

        // and a different body under the same key in the other org is that org's own business
        postWithKey(other.api(), "/api/v1/agents", key, obj("name", "changed")).expectError(422, "idempotency_key_reused");
        postWithKey(api, "/api/v1/agents", key, body).expect(201).requireHeader("Idempotent-Replayed");
    }

    @Test
    void tokenCreationIsIdempotentToo() {
        String key = "token-" + UUID.randomUUID();
        Map<String, Object> body = obj("name", "idempotent token " + key);
        Api.Resp first = postWithKey(api, "/api/v1/tokens", key, body).expect(201);
        Api.Resp second = postWithKey(api, "/api/v1/tokens", key, body).expect(201);
        assertEquals("true", second.requireHeader("Idempotent-Replayed"));
        assertEquals(first.id(), second.id());
        long sameName = api.listAll("/api/v1/tokens").stream()
                .filter(t -> ("idempotent token " + key).equals(t.path("name").asText())).count();
        assertEquals(1, sameName, "one token created");
    }

    @Test
    void invalidKeysAreRefused() {
        String tag = Api.unique("idem-bad");
        Map<String, Object> body = obj("name", "bad key", "tags", List.of(tag));
        postWithKey(api, "/api/v1/agents", "x".repeat(256), body).expectInvalid("Idempotency-Key");
        postWithKey(api, "/api/v1/agents", "has space", body).expectInvalid("Idempotency-Key");
        assertEquals(0, countTagged(api, tag), "refused requests create nothing");
        postWithKey(api, "/api/v1/agents", "x".repeat(255), body).expect(201);
        assertEquals(1, countTagged(api, tag));
    }
}
