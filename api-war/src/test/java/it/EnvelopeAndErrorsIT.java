package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The response contract: raw bodies without {@code X-API-Version}, the {@code {data, meta}}
 * envelope with {@code X-API-Version: 2}, one error shape in each, X-Request-Id on every
 * response, and every documented error code reproduced in both versions.
 */
class EnvelopeAndErrorsIT {

    private static final Pattern GENERATED_REQUEST_ID = Pattern.compile("req_[0-9a-f]{24}");

    private static Api.Org org;
    private static Api v1;
    private static Api v2;
    private static String agentId;

    @BeforeAll
    static void setUp() {
        org = Api.createOrg("envelope");
        v1 = org.api();
        v2 = v1.v2();
        agentId = v1.createAgent("envelope one", "description", "first").path("id").asText();
        v1.createAgent("envelope two");
    }

    // ------------------------------------------------------------------ success shapes

    @Test
    void objectsAreRawInV1AndEnvelopedInV2() {
        Api.Resp raw = v1.get("/api/v1/agents/" + agentId).expect(200);
        JsonNode body = raw.json();
        assertEquals(agentId, body.path("id").asText(), "v1 object is the raw resource: " + raw.describe());
        assertFalse(body.has("data") || body.has("meta"), "v1 has no envelope: " + raw.describe());
        assertJsonContentType(raw);

        Api.Resp explicitV1 = v1.withHeader("X-API-Version", "1").get("/api/v1/agents/" + agentId).expect(200);
        assertEquals(agentId, explicitV1.json().path("id").asText(), "X-API-Version: 1 is the raw shape");

        Api.Resp wrapped = v2.get("/api/v1/agents/" + agentId).expect(200);
        JsonNode envelope = wrapped.json();
        assertEquals(agentId, envelope.path("data").path("id").asText(), "v2 data is the resource: " + wrapped.describe());
        assertMeta(wrapped);
        assertEquals(raw.json().path("name"), envelope.path("data").path("name"));
    }

    @Test
    void listsAreArraysInV1AndItemPagesInV2() {
        Api.Resp raw = v1.get("/api/v1/agents?limit=1").expect(200);
        assertTrue(raw.json().isArray(), "v1 list is a bare array: " + raw.describe());
        assertEquals(1, raw.json().size());
        assertEquals("true", raw.requireHeader("X-Has-More"), "more agents exist");
        String cursor = raw.requireHeader("X-Next-Cursor");
        assertFalse(cursor.isBlank());
        Api.Resp rest = v1.get("/api/v1/agents?limit=100&cursor=" + Api.enc(cursor)).expect(200);
        assertEquals("false", rest.requireHeader("X-Has-More"));
        assertNull(rest.header("X-Next-Cursor"), "no cursor on the last page");

        Api.Resp wrapped = v2.get("/api/v1/agents?limit=1").expect(200);
        JsonNode data = wrapped.json().path("data");
        assertTrue(data.path("items").isArray(), "v2 list is data.items: " + wrapped.describe());
        assertEquals(1, data.path("items").size());
        assertTrue(data.path("has_more").asBoolean(), "data.has_more: " + wrapped.describe());
        assertTrue(data.path("next_cursor").isTextual(), "data.next_cursor: " + wrapped.describe());
        assertMeta(wrapped);
        Api.Resp last = v2.get("/api/v1/agents?limit=100&cursor=" + Api.enc(data.path("next_cursor").asText())).expect(200);
        JsonNode lastData = last.json().path("data");
        assertFalse(lastData.path("has_more").asBoolean());
        assertTrue(lastData.has("next_cursor") && lastData.get("next_cursor").isNull(), "next_cursor null on the last page: " + last.describe());

        // tokens lists use the same shapes
        assertTrue(v1.get("/api/v1/tokens").expect(200).json().isArray());
        assertTrue(v2.get("/api/v1/tokens").expect(200).json().path("data").path("items").isArray());
    }

    @Test
    void createdAndDeletedResponsesFollowTheVersion() {
        Api.Resp created = v2.post("/api/v1/agents", obj("name", "envelope created")).expect(201);
        assertMeta(created);
        String id = created.json().path("data").path("id").asText();
        assertTrue(created.requireHeader("Location").endsWith("/api/v1/agents/" + id));
        Api.Resp createdV1 = v1.post("/api/v1/agents", obj("name", "envelope created v1")).expect(201);
        assertTrue(createdV1.json().has("id") && !createdV1.json().has("meta"));

        Api.Resp deleted = v2.delete("/api/v1/agents/" + id).expect(204);
        assertTrue(deleted.body().isEmpty(), "204 has no body even in v2");
        deleted.requireHeader("X-Request-Id");
        v1.delete("/api/v1/agents/" + createdV1.json().path("id").asText()).expect(204);
    }

    @Test
    void meReportsTheApiVersion() {
        JsonNode me1 = v1.get("/api/v1/me").expect(200).json();
        assertEquals(1, me1.path("api_version").asInt(), "/me api_version in v1: " + me1);
        assertEquals(org.id().toString(), me1.path("organization").path("id").asText(), "/me organization.id: " + me1);
        assertEquals(org.id().toString(), me1.path("workspace_id").asText(), "/me workspace_id: " + me1);
        assertEquals(org.name(), me1.path("organization").path("name").asText(), "/me organization.name: " + me1);
        assertEquals("team", me1.path("plan").asText(), "/me plan: " + me1);
        assertEquals("owner", me1.path("role").asText(), "/me role of the owner token: " + me1);
        assertEquals("token", me1.path("auth_type").asText(), "/me auth_type: " + me1);
        assertEquals(org.ownerTokenId(), me1.path("token_id").asText(null), "/me token_id: " + me1);
        Api.Resp r2 = v2.get("/api/v1/me").expect(200);
        assertMeta(r2);
        assertEquals(2, r2.json().path("data").path("api_version").asInt(), "/me api_version in v2: " + r2.describe());
    }

    @Test
    void unsupportedApiVersionIs400() {
        for (String version : List.of("3", "0", "abc", "2.0", "v2")) {
            Api.Resp r = v1.withHeader("X-API-Version", version).get("/api/v1/agents");
            r.expectInvalid("X-API-Version");
            assertRequestId(r);
        }
    }

    // ------------------------------------------------------------------ request ids

    @Test
    void requestIdsAreGeneratedOrEchoed() {
        Api.Resp generated = v1.get("/api/v1/agents/" + agentId).expect(200);
        String id = generated.requireHeader("X-Request-Id");
        assertTrue(GENERATED_REQUEST_ID.matcher(id).matches(), "generated request id format req_ + 24 hex: " + id);
        String another = v1.get("/api/v1/agents/" + agentId).expect(200).requireHeader("X-Request-Id");
        assertNotEquals(id, another, "request ids are unique");

        String mine = "client-" + UUID.randomUUID();
        Api.Resp echoed = v1.withHeader("X-Request-Id", mine).get("/api/v1/agents").expect(200);
        assertEquals(mine, echoed.header("X-Request-Id"), "a sane client request id is echoed");
        Api.Resp echoedV2 = v2.withHeader("X-Request-Id", mine).get("/api/v1/agents").expect(200);
        assertEquals(mine, echoedV2.json().path("meta").path("request_id").asText(), "meta.request_id is the echoed id");
        Api.Resp echoedError = v1.anonymous().withHeader("X-Request-Id", mine).get("/api/v1/agents").expect(401);
        assertEquals(mine, echoedError.header("X-Request-Id"), "errors echo the client id too");

        for (String insane : List.of("has spaces in it", "<script>alert(1)</script>", "x".repeat(300), "a;b=c")) {
            Api.Resp r = v1.withHeader("X-Request-Id", insane).get("/api/v1/agents").expect(200);
            String sent = r.requireHeader("X-Request-Id");
            assertNotEquals(insane, sent, "an unsafe client request id is replaced");
            assertTrue(GENERATED_REQUEST_ID.matcher(sent).matches(), "replaced by a generated id: " + sent);
        }
    }

    // ------------------------------------------------------------------ errors

    @Test
    void errorShapesInBothVersions() {
        String missing = "/api/v1/agents/" + UUID.randomUUID();
        Api.Resp raw = v1.get(missing).expectError(404, "not_found");
        JsonNode rawBody = raw.json();
        assertEquals(1, rawBody.size(), "v1 error body is only {error}: " + raw.describe());
        assertTrue(rawBody.path("error").path("field").isMissingNode() || rawBody.path("error").path("field").isNull(),
                "error.field is left out (or null) when no field is at fault: " + raw.describe());
        assertJsonContentType(raw);
        assertRequestId(raw);

        Api.Resp wrapped = v2.get(missing).expectError(404, "not_found");
        assertMeta(wrapped);
        assertFalse(wrapped.json().has("data"), "errors have no data: " + wrapped.describe());

        Api.Resp invalid = v2.get("/api/v1/agents?limit=0").expectInvalid("limit");
        assertMeta(invalid);
    }

    @Test
    void everyDocumentedErrorCodeIsReproducible() {
        List<String> checked = new ArrayList<>();
        for (boolean version2 : new boolean[] {false, true}) {
            Api api = version2 ? v2 : v1;
            Function<Api.Resp, Api.Resp> shape = r -> {
                assertRequestId(r);
                assertJsonContentType(r);
                if (version2) {
                    assertMeta(r);
                } else {
                    assertFalse(r.json().has("meta"), "v1 errors have no meta: " + r.describe());
                }
                checked.add((version2 ? "v2 " : "v1 ") + r.status());
                return r;
            };

            // 400 bad_request
            shape.apply(api.get("/api/v1/agents?limit=abc").expectInvalid("limit"));
            shape.apply(api.get("/api/v1/agents?cursor=garbage").expectInvalid("cursor"));
            shape.apply(api.get("/api/v1/agents/not-a-uuid").expectInvalid("id"));
            shape.apply(api.post("/api/v1/agents", "{not json").expectError(400, "bad_request"));

            // 401 unauthorized
            shape.apply(api.anonymous().get("/api/v1/agents").expectError(401, "unauthorized"));
            shape.apply(api.withToken(Api.randomToken()).get("/api/v1/agents").expectError(401, "unauthorized"));

            // 403 forbidden: a read-only token writing
            String readOnly = v1.post("/api/v1/tokens", obj("name", "read only", "scopes", List.of("read")))
                    .expect(201).data().path("token").asText();
            shape.apply(api.withToken(readOnly).post("/api/v1/agents", obj("name", "nope")).expectError(403, "forbidden"));

            // 404 not_found: unknown id, unknown path (canonical and alias)
            shape.apply(api.get("/api/v1/agents/" + UUID.randomUUID()).expectError(404, "not_found"));
            shape.apply(api.get("/api/v1/no-such-endpoint").expectError(404, "not_found"));
            shape.apply(api.get("/functions/v1/api/v1/no-such-endpoint").expectError(404, "not_found"));

            // 405 method_not_allowed
            shape.apply(api.put("/api/v1/agents", obj("name", "x")).expectError(405, "method_not_allowed"));
            shape.apply(api.delete("/api/v1/me").expectError(405, "method_not_allowed"));
            shape.apply(api.put("/api/v1/agents/" + agentId, obj("name", "x")).expectError(405, "method_not_allowed"));

            // 409 conflict: reactivating a revoked token
            String tokenId = v1.post("/api/v1/tokens", obj("name", "revoked")).expect(201).data().path("id").asText();
            v1.post("/api/v1/tokens/" + tokenId + "/revoke", null).expect(200);
            shape.apply(api.patch("/api/v1/tokens/" + tokenId, obj("status", "active")).expectError(409, "conflict"));

            // 413 payload_too_large (the IT server accepts 262144 bytes)
            String huge = "{\"name\":\"big\",\"description\":\"" + "x".repeat(300_000) + "\"}";
            shape.apply(api.post("/api/v1/agents", huge).expectError(413, "payload_too_large"));

            // 422 idempotency_key_reused
            String key = "envelope-" + UUID.randomUUID();
            api.call("POST", "/api/v1/agents").header("Idempotency-Key", key).body(obj("name", "first")).send().expect(201);
            shape.apply(api.call("POST", "/api/v1/agents").header("Idempotency-Key", key)
                    .body(obj("name", "second")).send().expectError(422, "idempotency_key_reused"));
        }
        assertEquals(2 * 16, checked.size(), "all cases ran: " + checked);
        assertFalse(v1.listAll("/api/v1/agents").stream().anyMatch(a -> "nope".equals(a.path("name").asText())),
                "the refused 403 creation must not have created an agent");
    }

    @Test
    void rateLimitErrorInBothVersions() {
        Api.Org small = Api.createOrg("envelope-429", 2);
        Api api = small.api();
        api.get("/api/v1/agents").expect(200);
        api.get("/api/v1/agents").expect(200);
        Api.Resp raw = api.get("/api/v1/agents").expectError(429, "rate_limit_exceeded");
        assertRequestId(raw);
        assertFalse(raw.json().has("meta"));
        assertTrue(Long.parseLong(raw.requireHeader("Retry-After")) > 0);
        Api.Resp wrapped = api.v2().get("/api/v1/agents").expectError(429, "rate_limit_exceeded");
        assertMeta(wrapped);
        assertTrue(Long.parseLong(wrapped.requireHeader("Retry-After")) > 0);
        assertEquals("0", wrapped.requireHeader("X-RateLimit-Remaining"));
    }

    @Test
    void authenticatedResponsesCarryRateLimitHeaders() {
        for (Api.Resp r : List.of(
                v1.get("/api/v1/agents"),
                v2.get("/api/v1/agents/" + agentId),
                v1.get("/api/v1/agents/" + UUID.randomUUID()),
                v1.get("/api/v1/agents?limit=0"),
                v1.get("/api/v1/tokens"))) {
            assertEquals("100000", r.requireHeader("X-RateLimit-Limit"), r.describe());
            long remaining = Long.parseLong(r.requireHeader("X-RateLimit-Remaining"));
            assertTrue(remaining >= 0 && remaining < 100_000, "remaining within the budget: " + remaining);
            long reset = Long.parseLong(r.requireHeader("X-RateLimit-Reset"));
            long now = Instant.now().getEpochSecond();
            assertTrue(reset >= now - 5 && reset <= now + 65, "reset is epoch seconds within the next minute: " + reset);
            assertRequestId(r);
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * URIs no client library would send (so written on a socket): a broken or non-UTF-8
     * percent-encoding in the query, or a path escape that is not UTF-8, is the API's JSON 400,
     * never a 500. (A path whose escapes are not even hex, {@code /%zz}, Liberty refuses itself
     * with its own 400 page before any application sees it.)
     */
    @Test
    void badlyEncodedUrisAreAJson400() throws java.io.IOException {
        for (String target : List.of("/api/v1/agents?cursor=%%%garbage", "/api/v1/agents?limit=%4",
                "/api/v1/agents/%C0%AF", "/api/v1/agents?q=%FF")) {
            java.net.URI base = java.net.URI.create(Api.baseUrl());
            try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + Api.bootstrapToken() + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 400"), target + " -> " + answer);
                String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                assertTrue(answer.toLowerCase().contains("content-type: application/json"), target + " -> " + answer);
                assertTrue(body.contains("\"code\":\"bad_request\""), target + " -> " + body);
            }
        }
    }

    private static void assertMeta(Api.Resp r) {
        JsonNode meta = r.json().path("meta");
        assertTrue(meta.isObject(), "v2 response has meta: " + r.describe());
        assertEquals(2, meta.path("api_version").asInt(), "meta.api_version: " + r.describe());
        assertEquals(r.header("X-Request-Id"), meta.path("request_id").asText(null), "meta.request_id = X-Request-Id: " + r.describe());
        String timestamp = meta.path("timestamp").asText(null);
        assertNotNull(timestamp, "meta.timestamp: " + r.describe());
        Instant at = Instant.parse(timestamp);
        assertTrue(Math.abs(at.getEpochSecond() - Instant.now().getEpochSecond()) < 60, "meta.timestamp is now: " + timestamp);
    }

    private static void assertRequestId(Api.Resp r) {
        String id = r.header("X-Request-Id");
        assertNotNull(id, "X-Request-Id on every response: " + r.describe());
        assertFalse(id.isBlank());
    }

    private static void assertJsonContentType(Api.Resp r) {
        String type = r.header("Content-Type");
        assertNotNull(type, "Content-Type: " + r.describe());
        assertTrue(type.toLowerCase().startsWith("application/json"), "JSON content type, was " + type);
    }
}
