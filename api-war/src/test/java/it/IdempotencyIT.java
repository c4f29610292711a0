package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key on POST: the first response is replayed (same status, body and Location, with
 * Idempotent-Replayed: true) and never repeated as a side effect; the same key with another
 * request is a 422; keys belong to one organization. A secret is shown once: replays of token and
 * organization creation carry {@code "token": null}, and the stored replay holds neither the secret
 * nor the raw key.
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

    /**
     * A token's secret is shown once: the replay of a token creation is the same 201 with the same
     * id and fields, but {@code "token": null}; and the stored replay holds neither the secret nor
     * the raw key.
     */
    @Test
    void tokenCreationIsIdempotentButTheSecretIsNotReplayed() throws SQLException {
        String key = "token-" + UUID.randomUUID();
        Map<String, Object> body = obj("name", "idempotent token " + key);
        Set<String> storedBefore = storedKeys(org.id());
        Api.Resp first = postWithKey(api, "/api/v1/tokens", key, body).expect(201);
        assertNull(first.header("Idempotent-Replayed"), "the first response is not a replay");
        String secret = first.data().path("token").asText(null);
        assertNotNull(secret, "the first response carries the secret: " + first.describe());
        assertTrue(secret.startsWith("pk_") && secret.length() > 20, "a token secret: " + first.describe());

        Api.Resp second = postWithKey(api, "/api/v1/tokens", key, body).expect(201);
        Api.Resp third = postWithKey(api, "/api/v1/tokens", key, body).expect(201);
        for (Api.Resp replay : List.of(second, third)) {
            assertEquals("true", replay.requireHeader("Idempotent-Replayed"), "replays are marked: " + replay.describe());
            assertEquals(first.id(), replay.id(), "the replay names the same token");
            JsonNode replayed = replay.data();
            assertTrue(replayed.has("token") && replayed.get("token").isNull(),
                    "the replay must show token: null (the secret is shown once): " + replay.describe());
            assertFalse(replay.body().contains(secret.substring(3)), "the replay must not contain the secret anywhere");
            assertEquals(withNull(first.json(), "token"), replay.json(),
                    "apart from the secret, the replay equals the first response");
            assertEquals(first.header("Location"), replay.header("Location"), "Location replayed");
        }
        long sameName = api.listAll("/api/v1/tokens").stream()
                .filter(t -> ("idempotent token " + key).equals(t.path("name").asText())).count();
        assertEquals(1, sameName, "one token created");
        Api.at(secret).get("/api/v1/agents").expect(200); // the secret of the first response is the token's

        assertIdempotencyRowsKeepNoSecret(org.id(), storedBefore, key, secret);
    }

    /** Same rule for organization creation: the owner's token secret (token.token) is not replayed. */
    @Test
    void organizationCreationReplaysWithoutTheOwnerSecret() throws SQLException {
        Api system = Api.bootstrap();
        // the idempotency row belongs to the caller's organization: the bootstrap token's (read from the database,
        // so this costs nothing of the bootstrap organization's rate budget)
        UUID systemOrganization = organizationOfToken(Api.bootstrapToken());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String key = "org-" + UUID.randomUUID();
        Map<String, Object> body = obj("name", "it-idempotent-org-" + suffix, "plan", "team",
                "owner_email", "idem-owner-" + suffix + "@it.agentry.test", "rate_limit_per_minute", 100_000);
        Set<String> storedBefore = storedKeys(systemOrganization);

        Api.Resp first = postWaitingOut429(system, "/api/v1/organizations", key, body).expect(201);
        assertNull(first.header("Idempotent-Replayed"), "the first response is not a replay");
        String secret = first.data().path("token").path("token").asText(null);
        assertNotNull(secret, "the creation response carries the owner's secret in token.token: " + first.describe());

        Api.Resp second = postWaitingOut429(system, "/api/v1/organizations", key, body).expect(201);
        assertEquals("true", second.requireHeader("Idempotent-Replayed"), "replays are marked: " + second.describe());
        JsonNode replayed = second.data();
        assertEquals(first.data().path("organization").path("id"), replayed.path("organization").path("id"),
                "the replay names the same organization");
        assertEquals(first.data().path("token").path("id"), replayed.path("token").path("id"), "and the same owner token");
        assertTrue(replayed.path("token").has("token") && replayed.path("token").get("token").isNull(),
                "the replay must show token.token: null (the secret is shown once): " + second.describe());
        assertFalse(second.body().contains(secret.substring(3)), "the replay must not contain the secret anywhere");
        JsonNode expected = first.json().deepCopy();
        JsonNode expectedToken = (expected.has("data") && expected.has("meta") ? expected.path("data") : expected).path("token");
        assertTrue(expectedToken.isObject(), "token object in " + first.describe());
        ((ObjectNode) expectedToken).putNull("token");
        assertEquals(expected, second.json(), "apart from the secret, the replay equals the first response");
        assertEquals(first.header("Location"), second.header("Location"), "Location replayed");

        assertEquals(1, Api.countRows("select count(*) from organizations where name = ?", "it-idempotent-org-" + suffix),
                "one organization created");
        Api.at(secret).get("/api/v1/agents").expect(200); // the secret of the first response is the owner's token

        assertIdempotencyRowsKeepNoSecret(systemOrganization, storedBefore, key, secret);
    }

    /** {@code json} (raw or v2 envelope) with {@code field} of its payload set to null. */
    private static JsonNode withNull(JsonNode json, String field) {
        JsonNode copy = json.deepCopy();
        JsonNode payload = copy.has("data") && copy.has("meta") ? copy.get("data") : copy;
        assertTrue(payload.isObject(), "expected an object: " + json);
        ((ObjectNode) payload).putNull(field);
        return copy;
    }

    private static Api.Resp postWaitingOut429(Api client, String path, String key, Object body) {
        Api.Resp r = postWithKey(client, path, key, body);
        for (int attempt = 0; r.status() == 429 && attempt < 4; attempt++) {
            long wait = 5;
            try {
                wait = Long.parseLong(r.requireHeader("Retry-After").trim());
            } catch (NumberFormatException ignored) {
                // keep the default
            }
            Api.sleep(Math.min(65, Math.max(1, wait)) * 1000L);
            r = postWithKey(client, path, key, body);
        }
        return r;
    }

    private static UUID organizationOfToken(String secret) throws SQLException {
        try (Connection c = Api.db();
             PreparedStatement query = c.prepareStatement("select organization_id from api_tokens where token_hash = ?")) {
            query.setString(1, Api.sha256Hex(secret));
            try (ResultSet rs = query.executeQuery()) {
                assertTrue(rs.next(), "the bootstrap token is not in api_tokens");
                return UUID.fromString(rs.getString(1));
            }
        }
    }

    /** The stored (hashed) keys of an organization's idempotency rows. */
    private static Set<String> storedKeys(UUID organizationId) throws SQLException {
        Set<String> keys = new HashSet<>();
        try (Connection c = Api.db();
             PreparedStatement query = c.prepareStatement("select idem_key from idempotency_keys where organization_id = ?")) {
            query.setObject(1, organizationId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }

    /**
     * The request left a new idempotency row; no row of the organization stores the raw key (keys are
     * stored hashed), and no column of any row holds the secret in clear text (the response body is
     * compared as bytes).
     */
    private static void assertIdempotencyRowsKeepNoSecret(UUID organizationId, Set<String> storedBefore, String rawKey,
                                                          String secret) throws SQLException {
        byte[][] needles = {
                secret.getBytes(StandardCharsets.UTF_8),
                secret.substring(3).getBytes(StandardCharsets.UTF_8),
                secret.substring(11).getBytes(StandardCharsets.UTF_8)}; // beyond the public prefix
        int newRows = 0;
        int rows = 0;
        try (Connection c = Api.db();
             PreparedStatement query = c.prepareStatement("select * from idempotency_keys where organization_id = ?")) {
            query.setObject(1, organizationId);
            try (ResultSet rs = query.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    rows++;
                    String storedKey = rs.getString("idem_key");
                    assertNotNull(storedKey, "idem_key is set");
                    assertNotEquals(rawKey, storedKey.trim(), "idem_key must be stored hashed, not as the raw Idempotency-Key");
                    assertFalse(storedKey.contains(rawKey), "idem_key must not contain the raw Idempotency-Key");
                    if (!storedBefore.contains(storedKey)) {
                        newRows++;
                    }
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        String column = meta.getColumnName(i);
                        byte[] value = column.equalsIgnoreCase("response_body") ? rs.getBytes(i) : bytesOf(rs.getString(i));
                        if (value == null) {
                            continue;
                        }
                        for (byte[] needle : needles) {
                            assertFalse(contains(value, needle), "idempotency_keys." + column + " holds the token secret in clear text");
                        }
                    }
                }
            }
        }
        assertTrue(rows > 0 && newRows >= 1, "the request must have stored an idempotency row (" + rows + " rows, "
                + newRows + " new) for organization " + organizationId);
    }

    private static byte[] bytesOf(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
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
