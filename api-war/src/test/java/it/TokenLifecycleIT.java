package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API tokens end to end: the secret is shown once and stored only as its SHA-256, lists show a
 * prefix and usage counters, revocation is final but keeps history, deletion removes the record,
 * and only admins create tokens. Both credential headers and the SquadOS alias prefix work.
 */
class TokenLifecycleIT {

    private static final Pattern SECRET = Pattern.compile("pk_[0-9a-f]{64}");
    private static final Pattern PREFIX = Pattern.compile("pk_[0-9a-f]{8}\\.\\.\\.");

    private static Api.Org org;
    private static Api admin;

    @BeforeAll
    static void createOrganization() {
        org = Api.createOrg("tokens");
        admin = org.api();
    }

    private static JsonNode createToken(String name, Object... extra) {
        Map<String, Object> body = obj(extra);
        body.put("name", name);
        return admin.post("/api/v1/tokens", body).expect(201).data();
    }

    private static JsonNode readToken(String id) {
        return admin.get("/api/v1/tokens/" + id).expect(200).data();
    }

    /** Keys in CrewForm's shapes, for scripts that check them: the same tokens otherwise. */
    @Test
    void aTokenCanCarryCrewFormsKeyPrefixes() {
        JsonNode v2 = createToken("Zapier", "key_prefix", "cf_");
        JsonNode legacy = createToken("Legacy script", "key_prefix", "crfm_");
        String cf = v2.path("token").asText();
        String crfm = legacy.path("token").asText();
        assertTrue(cf.matches("cf_[0-9a-f]{64}"), cf);
        assertTrue(crfm.matches("crfm_[0-9a-f]{64}"), crfm);
        assertEquals(cf.substring(0, 11) + "...", v2.path("prefix").asText());
        assertEquals(crfm.substring(0, 13) + "...", readToken(legacy.path("id").asText()).path("prefix").asText());
        assertTrue(createToken("Default").path("token").asText().startsWith("pk_"));

        // as the seed sends them: X-API-Key for cf_, Authorization: Bearer for crfm_
        Api.at(cf).viaApiKeyHeader().get("/api/v1/agents").expect(200);
        Api.at(crfm).get("/api/v1/agents").expect(200);
        assertEquals(1, Api.countRows("select count(*) from api_tokens where token_hash = ?", Api.sha256Hex(cf)), "stored hashed");

        admin.post("/api/v1/tokens/" + v2.path("id").asText() + "/revoke", null).expect(200);
        Api.at(cf).viaApiKeyHeader().get("/api/v1/agents").expectError(401, "unauthorized");
        admin.post("/api/v1/tokens", obj("name", "x", "key_prefix", "sk_")).expectInvalid("key_prefix");
        admin.post("/api/v1/tokens", obj("name", "x", "key_prefix", 3)).expectInvalid("key_prefix");
    }

    @Test
    void secretIsShownOnlyOnceWithPrefixAndDefaults() {
        Instant before = Instant.now().minusSeconds(5);
        Api.Resp created = admin.post("/api/v1/tokens", obj("name", "Marketing site integration")).expect(201);
        JsonNode token = created.data();
        String secret = token.path("token").asText(null);
        String id = token.path("id").asText();

        assertNotNull(secret, "create response must contain the full token: " + created.describe());
        assertTrue(SECRET.matcher(secret).matches(), "token must be pk_ + 64 lowercase hex, was " + secret);
        UUID.fromString(id);
        assertEquals("Marketing site integration", token.path("name").asText());
        assertEquals(secret.substring(0, 11) + "...", token.path("prefix").asText(), "prefix = first 8 chars after pk_ + '...'");
        assertTrue(PREFIX.matcher(token.path("prefix").asText()).matches(), "prefix format: " + token.path("prefix"));
        assertEquals("active", token.path("status").asText());
        assertEquals(0, token.path("call_count").asLong(-1), "call_count starts at 0");
        assertTrue(token.has("last_used_at") && token.get("last_used_at").isNull(), "last_used_at is null until used: " + token);
        assertTrue(token.has("revoked_at") && token.get("revoked_at").isNull(), "revoked_at null while active: " + token);
        assertEquals(List.of("read", "write"), strings(token.path("scopes")), "default scopes");
        Instant createdAt = OffsetDateTime.parse(token.path("created_at").asText()).toInstant();
        assertTrue(!createdAt.isBefore(before) && !createdAt.isAfter(Instant.now().plusSeconds(5)),
                "created_at " + createdAt + " should be about now");
        String location = created.requireHeader("Location");
        assertTrue(location.endsWith("/api/v1/tokens/" + id), "Location should point at the token: " + location);

        // GET by id: the same record, never the secret
        Api.Resp got = admin.get("/api/v1/tokens/" + id).expect(200);
        JsonNode view = got.data();
        assertTrue(view.has("token") && view.get("token").isNull(), "GET must show token: null, got " + view);
        assertFalse(got.body().contains(secret.substring(3)), "the secret must never be returned again");
        assertEquals(token.path("prefix"), view.path("prefix"));
        assertEquals(token.path("name"), view.path("name"));
        assertEquals(token.path("status"), view.path("status"));
        assertEquals(instant(token.path("created_at")), instant(view.path("created_at")), "created_at");
        assertCreatedByOwner(token, "create response");
        assertCreatedByOwner(view, "GET by id");

        // the list: the token with the documented columns, no secrets anywhere
        Api.Resp list = admin.get("/api/v1/tokens?limit=100").expect(200);
        assertFalse(list.body().contains(secret.substring(3)), "the list must never contain the secret");
        JsonNode row = list.items().stream().filter(n -> id.equals(n.path("id").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("new token missing from the list: " + list.describe()));
        for (String field : List.of("id", "name", "prefix", "status", "created_at", "created_by", "last_used_at", "call_count",
                "scopes", "token")) {
            assertTrue(row.has(field), "list row lacks '" + field + "': " + row);
        }
        assertTrue(row.get("token").isNull(), "list rows must have token: null");
        assertCreatedByOwner(row, "list row");
        for (JsonNode item : list.items()) {
            assertTrue(item.path("token").isNull() || item.path("token").isMissingNode(),
                    "no list row may carry a secret: " + item);
            assertTrue(PREFIX.matcher(item.path("prefix").asText()).matches(), "prefix format in list: " + item);
        }
        // the owner token created with the organization is listed too (Api.createOrg requires its id)
        assertTrue(admin.listAllIds("/api/v1/tokens").contains(org.ownerTokenId()), "owner token should be listed");
    }

    @Test
    void onlyTheSha256OfTheSecretIsStored() throws Exception {
        JsonNode token = createToken("hash check");
        String secret = token.path("token").asText();
        String id = token.path("id").asText();
        String hex = secret.substring(3);

        try (Connection c = Api.db();
             PreparedStatement query = c.prepareStatement("select * from api_tokens where id = ?")) {
            query.setObject(1, UUID.fromString(id));
            try (ResultSet rs = query.executeQuery()) {
                assertTrue(rs.next(), "token row " + id + " not found in api_tokens");
                assertEquals(Api.sha256Hex(secret), rs.getString("token_hash").trim(),
                        "token_hash must be the lowercase hex SHA-256 of the full token");
                assertEquals(token.path("prefix").asText(), rs.getString("prefix"));
                ResultSetMetaData meta = rs.getMetaData();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String value = rs.getString(i);
                    if (value != null) {
                        assertFalse(value.contains(hex) || value.contains(secret),
                                "column api_tokens." + meta.getColumnName(i) + " contains the secret");
                        assertFalse(value.contains(hex.substring(8, 40)),
                                "column api_tokens." + meta.getColumnName(i) + " contains a part of the secret beyond the prefix");
                    }
                }
                assertFalse(rs.next(), "one row per id");
            }
        }
        assertEquals(1, Api.countRows("select count(*) from api_tokens where token_hash = ?", Api.sha256Hex(secret)));
    }

    @Test
    void usageCountersAndLastUsedGrowWithCalls() {
        JsonNode token = createToken("usage");
        String id = token.path("id").asText();
        Api user = Api.at(token.path("token").asText());

        Instant before = Instant.now().minusSeconds(5);
        for (int i = 0; i < 3; i++) {
            user.get("/api/v1/agents").expect(200);
        }
        JsonNode afterThree = readToken(id);
        assertEquals(3, afterThree.path("call_count").asLong(), "3 calls made: " + afterThree);
        assertFalse(afterThree.path("last_used_at").isNull(), "last_used_at set after use: " + afterThree);
        Instant lastUsed = OffsetDateTime.parse(afterThree.path("last_used_at").asText()).toInstant();
        assertTrue(!lastUsed.isBefore(before) && !lastUsed.isAfter(Instant.now().plusSeconds(5)),
                "last_used_at " + lastUsed + " should be about now");

        Api.sleep(20); // timestamps have microsecond precision; make the next use strictly later
        user.get("/api/v1/agents").expect(200);
        user.viaApiKeyHeader().get("/api/v1/agents").expect(200);
        JsonNode afterFive = readToken(id);
        assertEquals(5, afterFive.path("call_count").asLong(), "5 calls made: " + afterFive);
        Instant lastUsed2 = OffsetDateTime.parse(afterFive.path("last_used_at").asText()).toInstant();
        assertTrue(lastUsed2.isAfter(lastUsed), "last_used_at must move forward: " + lastUsed + " -> " + lastUsed2);

        // the list shows the same counters
        JsonNode row = admin.listAll("/api/v1/tokens").stream().filter(n -> id.equals(n.path("id").asText()))
                .findFirst().orElseThrow();
        assertEquals(5, row.path("call_count").asLong(), "list call_count: " + row);
        assertEquals(instant(afterFive.path("last_used_at")), instant(row.path("last_used_at")), "list last_used_at");

        // a call refused with 403 was still authenticated, so it counts too
        user.post("/api/v1/tokens", obj("name", "not an admin token")).expectError(403, "forbidden");
        assertEquals(6, readToken(id).path("call_count").asLong(), "the 403 call counts as an authenticated call");
    }

    @Test
    void revokeIsFinalAndKeepsHistory() {
        JsonNode token = createToken("to revoke");
        String id = token.path("id").asText();
        String secret = token.path("token").asText();
        Api user = Api.at(secret);
        user.get("/api/v1/agents").expect(200);
        user.get("/api/v1/agents").expect(200);
        JsonNode beforeRevoke = readToken(id);
        assertEquals(2, beforeRevoke.path("call_count").asLong());

        Api.Resp revoked = admin.post("/api/v1/tokens/" + id + "/revoke", null).expect(200);
        JsonNode view = revoked.data();
        assertEquals("revoked", view.path("status").asText(), revoked.describe());
        assertFalse(view.path("revoked_at").isNull(), "revoked_at set: " + view);
        assertTrue(view.path("token").isNull(), "revoke response must not contain the secret");

        // the revoked token no longer works, with either header (401: authentication fails, so these calls are not counted)
        user.get("/api/v1/agents").expectError(401, "unauthorized");
        user.viaApiKeyHeader().get("/api/v1/agents").expectError(401, "unauthorized");
        user.get("/api/v1/tokens").expectError(401, "unauthorized");

        // ... but its record and history remain
        JsonNode after = readToken(id);
        assertEquals("revoked", after.path("status").asText());
        // every authenticated call counts (also one answered 403 or 429); the three 401s above failed authentication
        assertEquals(2, after.path("call_count").asLong(),
                "call_count kept after revoke (calls refused with 401 are not authenticated and do not count): " + after);
        assertEquals(instant(beforeRevoke.path("last_used_at")), instant(after.path("last_used_at")), "last_used_at kept");
        assertEquals(token.path("prefix").asText(), after.path("prefix").asText());
        assertEquals(token.path("name").asText(), after.path("name").asText());
        assertTrue(admin.listAllIds("/api/v1/tokens").contains(id), "revoked token still listed");
        assertTrue(admin.listAllIds("/api/v1/tokens?status=revoked").contains(id), "listed under status=revoked");
        assertFalse(admin.listAllIds("/api/v1/tokens?status=active").contains(id), "not listed under status=active");

        // cannot be reactivated
        admin.patch("/api/v1/tokens/" + id, obj("status", "active")).expectError(409, "conflict");
        assertEquals("revoked", readToken(id).path("status").asText());
        user.get("/api/v1/agents").expect(401);

        // revoking through PATCH works too, and the new secret of another token is unaffected
        JsonNode other = createToken("revoke via patch");
        Api otherUser = Api.at(other.path("token").asText());
        otherUser.get("/api/v1/agents").expect(200);
        Api.Resp patched = admin.patch("/api/v1/tokens/" + other.path("id").asText(), obj("status", "revoked")).expect(200);
        assertEquals("revoked", patched.data().path("status").asText());
        otherUser.get("/api/v1/agents").expect(401);
        admin.get("/api/v1/agents").expect(200);
    }

    @Test
    void callsAnsweredWith429StillCount() {
        // a budget of 3 requests per minute: the owner's token creation takes one, the new token's calls the rest
        Api.Org limited = Api.createOrg("tokens-429", 3);
        JsonNode token = limited.api().post("/api/v1/tokens", obj("name", "throttled")).expect(201).data();
        Api user = Api.at(token.path("token").asText());
        int ok = 0;
        int throttled = 0;
        for (int i = 0; i < 5; i++) {
            Api.Resp r = user.get("/api/v1/agents");
            if (r.status() == 429) {
                r.expectError(429, "rate_limit_exceeded");
                throttled++;
            } else {
                r.expect(200);
                ok++;
            }
        }
        assertTrue(throttled >= 1 && ok >= 1, ok + " calls passed, " + throttled + " throttled: expected both");

        // the organization's budget is spent (reading the token through the API would be throttled too), so read the
        // counter in the database once the recorder has flushed it (it does every second)
        UUID id = UUID.fromString(token.path("id").asText());
        long counted = -1;
        for (int i = 0; i < 40 && counted < 5; i++) {
            Api.sleep(250);
            counted = Api.countRows("select call_count from api_tokens where id = ?", id);
        }
        Api.sleep(1500); // one more flush: nothing beyond the 5 calls may be added
        assertEquals(5, Api.countRows("select call_count from api_tokens where id = ?", id),
                "all 5 authenticated calls count, the " + throttled + " answered 429 included");
    }

    @Test
    void renameKeepsTheSecretWorking() {
        JsonNode token = createToken("old name");
        String id = token.path("id").asText();
        JsonNode renamed = admin.patch("/api/v1/tokens/" + id, obj("name", "new name")).expect(200).data();
        assertEquals("new name", renamed.path("name").asText());
        assertEquals("active", renamed.path("status").asText());
        Api.at(token.path("token").asText()).get("/api/v1/agents").expect(200);
        admin.patch("/api/v1/tokens/" + id, obj("name", "  ")).expectInvalid("name");
        admin.patch("/api/v1/tokens/" + id, obj("status", "paused")).expectInvalid("status");
        admin.patch("/api/v1/tokens/" + id, obj("secret", "x")).expectInvalid("secret");
    }

    @Test
    void deleteRemovesTheRecordAndTheAccess() {
        JsonNode token = createToken("to delete");
        String id = token.path("id").asText();
        Api user = Api.at(token.path("token").asText());
        user.get("/api/v1/agents").expect(200);

        Api.Resp deleted = admin.delete("/api/v1/tokens/" + id).expect(204);
        assertTrue(deleted.body().isEmpty(), "204 has no body: " + deleted.describe());
        admin.get("/api/v1/tokens/" + id).expectError(404, "not_found");
        admin.delete("/api/v1/tokens/" + id).expectError(404, "not_found");
        assertFalse(admin.listAllIds("/api/v1/tokens").contains(id), "deleted token must not be listed");
        user.get("/api/v1/agents").expectError(401, "unauthorized");
        assertEquals(0, Api.countRows("select count(*) from api_tokens where id = ?", UUID.fromString(id)));

        // a revoked token can be deleted too
        JsonNode second = createToken("revoke then delete");
        admin.post("/api/v1/tokens/" + second.path("id").asText() + "/revoke", null).expect(200);
        admin.delete("/api/v1/tokens/" + second.path("id").asText()).expect(204);
        admin.get("/api/v1/tokens/" + second.path("id").asText()).expect(404);
    }

    @Test
    void readOnlyAndMemberCredentialsCannotManageTokens() {
        JsonNode readOnly = createToken("read only", "scopes", List.of("read"));
        assertEquals(List.of("read"), strings(readOnly.path("scopes")));
        Api reader = Api.at(readOnly.path("token").asText());
        reader.get("/api/v1/agents").expect(200);
        reader.post("/api/v1/agents", obj("name", "nope")).expectError(403, "forbidden");
        reader.post("/api/v1/tokens", obj("name", "escalate")).expectError(403, "forbidden");
        reader.get("/api/v1/tokens").expectError(403, "forbidden");
        reader.delete("/api/v1/tokens/" + readOnly.path("id").asText()).expectError(403, "forbidden");

        JsonNode agentsOnly = createToken("agents reader", "scopes", List.of("agents:read"));
        Api agentsReader = Api.at(agentsOnly.path("token").asText());
        agentsReader.get("/api/v1/agents").expect(200);
        agentsReader.post("/api/v1/agents", obj("name", "nope")).expectError(403, "forbidden");
        agentsReader.post("/api/v1/tokens", obj("name", "escalate")).expectError(403, "forbidden");

        JsonNode writer = createToken("writer", "scopes", List.of("read", "write"));
        Api.at(writer.path("token").asText()).post("/api/v1/tokens", obj("name", "escalate")).expectError(403, "forbidden");

        // a JWT member of the organization can read agents but cannot create tokens
        Api member = Api.at(Jwt.forOrg(org.id(), "member").sign());
        member.get("/api/v1/agents").expect(200);
        member.post("/api/v1/tokens", obj("name", "escalate")).expectError(403, "forbidden");

        // every one of those calls authenticated, so each counts, the 403s included
        assertEquals(5, readToken(readOnly.path("id").asText()).path("call_count").asLong(),
                "read-only token: one 200 and four 403s, all counted");
        assertEquals(3, readToken(agentsOnly.path("id").asText()).path("call_count").asLong(),
                "agents:read token: one 200 and two 403s, all counted");
        assertEquals(1, readToken(writer.path("id").asText()).path("call_count").asLong(),
                "read/write token: its one 403 counted");

        // nothing was created by the refused calls
        long escalations = admin.listAll("/api/v1/tokens").stream()
                .filter(n -> "escalate".equals(n.path("name").asText())).count();
        assertEquals(0, escalations, "refused token creations must not create anything");
    }

    @Test
    void scopesAndExpiryAreValidated() {
        admin.post("/api/v1/tokens", obj("name", "bad scope", "scopes", List.of("superuser"))).expectInvalid("scopes[0]");
        admin.post("/api/v1/tokens", obj("name", "empty scopes", "scopes", List.of())).expectInvalid("scopes");
        admin.post("/api/v1/tokens", obj("name", "system", "scopes", List.of("system"))).expectError(403, "forbidden");
        admin.post("/api/v1/tokens", obj("name", "past", "expires_at", "2001-01-01T00:00:00Z")).expectInvalid("expires_at");
        admin.post("/api/v1/tokens", obj("name", "bad date", "expires_at", "tomorrow")).expectInvalid("expires_at");
        // timestamps outside the years 1 to 9999 are refused, not stored
        admin.post("/api/v1/tokens", obj("name", "far future", "expires_at", "+300000-01-01T00:00:00Z")).expectInvalid("expires_at");
        admin.post("/api/v1/tokens", obj("name", "year 10000", "expires_at", "+10000-01-01T00:00:00Z")).expectInvalid("expires_at");
        admin.post("/api/v1/tokens", obj()).expectInvalid("name");
        admin.post("/api/v1/tokens", obj("name", "x", "colour", "red")).expectInvalid("colour");

        OffsetDateTime expiry = OffsetDateTime.now().plusHours(1).truncatedTo(ChronoUnit.SECONDS);
        JsonNode expiring = createToken("expiring", "expires_at", expiry.toString(), "scopes", List.of("agents:write"));
        assertEquals(expiry.toInstant(), OffsetDateTime.parse(expiring.path("expires_at").asText()).toInstant());
        assertEquals(List.of("agents:write"), strings(expiring.path("scopes")));

        // once expired (moved into the past directly in the database, before first use) it gets 401
        try (Connection c = Api.db();
             PreparedStatement update = c.prepareStatement("update api_tokens set expires_at = ? where id = ?")) {
            update.setObject(1, OffsetDateTime.now().minusMinutes(1));
            update.setObject(2, UUID.fromString(expiring.path("id").asText()));
            assertEquals(1, update.executeUpdate());
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        Api.at(expiring.path("token").asText()).get("/api/v1/agents").expectError(401, "unauthorized");
    }

    @Test
    void bothCredentialHeadersAndTheSquadOsAliasWork() {
        JsonNode token = createToken("headers");
        String secret = token.path("token").asText();
        Api bearer = Api.at(secret);
        bearer.get("/api/v1/agents").expect(200);
        bearer.viaApiKeyHeader().get("/api/v1/agents").expect(200);
        JsonNode me = bearer.viaApiKeyHeader().get("/api/v1/me").expect(200).data();
        assertEquals(token.path("id").asText(), me.path("token_id").asText(), "/me names the calling token: " + me);
        assertEquals("token", me.path("auth_type").asText(), "/me auth_type: " + me);
        assertEquals(org.id().toString(), me.path("organization").path("id").asText(), "/me organization: " + me);
        bearer.anonymous().call("GET", "/api/v1/agents").header("Authorization", "bearer " + secret).send().expect(200);

        // the seed's curl base: <base>/functions/v1/api/v1/...
        bearer.get("/functions/v1/api/v1/agents").expect(200);
        JsonNode agent = bearer.post("/functions/v1/api/v1/agents", obj("name", "via alias")).expect(201).data();
        JsonNode same = bearer.get("/api/v1/agents/" + agent.path("id").asText()).expect(200).data();
        assertEquals("via alias", same.path("name").asText());
        bearer.get("/functions/v1/api/v1/agents/" + agent.path("id").asText()).expect(200);
        admin.get("/functions/v1/api/v1/tokens/" + token.path("id").asText()).expect(200);
        bearer.viaApiKeyHeader().get("/functions/v1/api/v1/agents").expect(200);
        Api.at(Api.randomToken()).get("/functions/v1/api/v1/agents").expectError(401, "unauthorized");
        bearer.delete("/functions/v1/api/v1/agents/" + agent.path("id").asText()).expect(204);
    }

    @Test
    void malformedUnknownAndMissingCredentialsGet401() {
        Api anon = Api.at(null);
        String real = admin.token();
        List<Api.Resp> responses = List.of(
                anon.get("/api/v1/agents"),
                anon.call("GET", "/api/v1/agents").header("Authorization", "Bearer ").send(),
                anon.call("GET", "/api/v1/agents").header("Authorization", "Bearer").send(),
                anon.call("GET", "/api/v1/agents").header("Authorization", "Basic dXNlcjpwYXNzd29yZA==").send(),
                anon.call("GET", "/api/v1/agents").header("Authorization", "Token " + real).send(),
                anon.call("GET", "/api/v1/agents").header("Authorization", real).send(),
                anon.call("GET", "/api/v1/agents").header("Authorization", "Bearer pk_123").send(),
                anon.call("GET", "/api/v1/agents").header("Authorization", "Bearer " + real + "x").send(),
                anon.call("GET", "/api/v1/agents").header("Authorization", "Bearer " + real.toUpperCase()).send(),
                anon.call("GET", "/api/v1/agents").header("Authorization", "Bearer " + real.substring(0, real.length() - 1)).send(),
                anon.call("GET", "/api/v1/agents").header("Authorization", "Bearer " + real + " " + real).send(),
                anon.call("GET", "/api/v1/agents").header("Authorization", "Bearer " + Api.randomToken()).send(),
                anon.call("GET", "/api/v1/agents").header("Authorization", "Bearer not-a-token").send(),
                anon.call("GET", "/api/v1/agents").header("Authorization", "Bearer a.b.c").send(),
                anon.call("GET", "/api/v1/agents").header("X-API-Key", Api.randomToken()).send(),
                anon.call("GET", "/api/v1/agents").header("X-API-Key", "garbage").send(),
                anon.call("GET", "/api/v1/agents").header("X-API-Key", "pk_" + "z".repeat(200)).send(),
                anon.call("POST", "/api/v1/tokens").header("X-API-Key", Api.randomToken()).body(obj("name", "x")).send(),
                anon.call("GET", "/api/v1/tokens").header("Authorization", "Bearer " + "pk_" + "0".repeat(64)).send());
        for (Api.Resp r : responses) {
            r.expectError(401, "unauthorized");
            assertNotNull(r.header("X-Request-Id"), "401 responses carry X-Request-Id: " + r.describe());
            assertNotNull(r.header("WWW-Authenticate"), "401 responses carry WWW-Authenticate: " + r.describe());
            assertFalse(r.body().contains(real.substring(3)), "errors must not echo secrets");
        }
        // the bad Authorization header wins over a good X-API-Key: no silent fallback
        anon.call("GET", "/api/v1/agents").header("Authorization", "Bearer " + Api.randomToken())
                .header("X-API-Key", real).send().expect(401);
        // and the real token still works
        admin.get("/api/v1/agents").expect(200);
        assertNotEquals(0, admin.listAll("/api/v1/tokens").size());
    }

    /** {@code created_by} names the organization's owner, whose admin token made every token of this class. */
    private static void assertCreatedByOwner(JsonNode token, String where) {
        JsonNode creator = token.path("created_by");
        assertTrue(creator.isObject(), where + ": created_by must be an object {id, email, name}: " + token);
        assertEquals(org.ownerUserId(), creator.path("id").asText(null), where + ": created_by.id is the owner's user id: " + token);
        assertEquals(org.ownerEmail(), creator.path("email").asText(null), where + ": created_by.email is the owner's email: " + token);
    }

    private static Instant instant(JsonNode timestamp) {
        assertTrue(timestamp.isTextual(), "expected an ISO timestamp, got " + timestamp);
        return OffsetDateTime.parse(timestamp.asText()).toInstant();
    }

    private static List<String> strings(JsonNode array) {
        assertTrue(array.isArray(), "expected an array, got " + array);
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).sorted().toList();
    }
}
