package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Sends every kind of bad input to every endpoint of the table below: malformed JSON, non-object
 * JSON, wrong types, unknown fields, oversized bodies (with and without Content-Length), bad ids,
 * bad limits and cursors, bad credentials and odd headers. Every answer must be a 4xx with the
 * error shape (never a 5xx, never a success), and afterwards the organization's agents, tokens,
 * members and name must be exactly as before.
 */
class MalformedInputSweepIT {

    /** One endpoint: method, path template ({id}, {userId}), and what it accepts. */
    record Endpoint(String method, String template, boolean body, boolean list) {
        boolean hasIds() {
            return template.contains("{");
        }

        /** DELETE and revoke ignore bodies: with a real id they would succeed, so they only get bad ids. */
        boolean destructiveWithoutBody() {
            return method.equals("DELETE") || template.endsWith("/revoke");
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/v1/agents", false, true),
            new Endpoint("POST", "/api/v1/agents", true, false),
            new Endpoint("GET", "/api/v1/agents/{id}", false, false),
            new Endpoint("PATCH", "/api/v1/agents/{id}", true, false),
            new Endpoint("DELETE", "/api/v1/agents/{id}", false, false),
            new Endpoint("GET", "/api/v1/tokens", false, true),
            new Endpoint("POST", "/api/v1/tokens", true, false),
            new Endpoint("GET", "/api/v1/tokens/{id}", false, false),
            new Endpoint("PATCH", "/api/v1/tokens/{id}", true, false),
            new Endpoint("DELETE", "/api/v1/tokens/{id}", false, false),
            new Endpoint("POST", "/api/v1/tokens/{id}/revoke", false, false),
            new Endpoint("GET", "/api/v1/me", false, false),
            new Endpoint("GET", "/api/v1/organizations", false, true),
            new Endpoint("POST", "/api/v1/organizations", true, false),
            new Endpoint("GET", "/api/v1/organizations/{orgId}", false, false),
            new Endpoint("PATCH", "/api/v1/organizations/{orgId}", true, false),
            new Endpoint("GET", "/api/v1/organizations/{orgId}/members", false, true),
            new Endpoint("POST", "/api/v1/organizations/{orgId}/members", true, false),
            new Endpoint("PATCH", "/api/v1/organizations/{orgId}/members/{userId}", true, false),
            new Endpoint("DELETE", "/api/v1/organizations/{orgId}/members/{userId}", false, false),
            // the SquadOS alias goes through the same plumbing
            new Endpoint("POST", "/functions/v1/api/v1/agents", true, false),
            new Endpoint("PATCH", "/functions/v1/api/v1/agents/{id}", true, false),
            new Endpoint("GET", "/functions/v1/api/v1/agents", false, true));

    /** Bodies that no endpoint may accept (each also carries an unknown field where it is an object). */
    private static final Map<String, byte[]> BAD_BODIES = new LinkedHashMap<>();

    static {
        bad("truncated object", "{\"name\": ");
        bad("lone brace", "{");
        bad("trailing comma", "{\"name\": \"x\",}");
        bad("single quotes", "{'name': 'x'}");
        bad("unquoted key", "{name: \"x\"}");
        bad("comment", "{/* hi */ \"name\": \"x\", \"zz_unknown\": 1}");
        bad("NaN", "{\"name\": \"x\", \"temperature\": NaN}");
        bad("empty", "");
        bad("whitespace only", "   \n\t ");
        bad("array", "[]");
        bad("array of object", "[{\"name\": \"x\"}]");
        bad("string", "\"just a string\"");
        bad("number", "42");
        bad("true", "true");
        bad("null", "null");
        bad("two objects", "{\"name\": \"x\"} {\"name\": \"y\"}");
        bad("garbage after object", "{\"name\": \"x\", \"zz_unknown\": 1} trailing");
        bad("xml", "<agent><name>x</name></agent>");
        bad("form", "name=x&role=owner");
        bad("unknown field only", "{\"zz_unknown\": true}");
        bad("name wrong type number", "{\"name\": 5, \"zz_unknown\": 1}");
        bad("name wrong type array", "{\"name\": [\"x\"], \"zz_unknown\": 1}");
        bad("name wrong type object", "{\"name\": {\"first\": \"x\"}, \"zz_unknown\": 1}");
        bad("name wrong type bool", "{\"name\": true, \"zz_unknown\": 1}");
        bad("every field wrong", "{\"name\": 1, \"email\": 2, \"role\": 3, \"plan\": 4, \"status\": 5, \"scopes\": 6, "
                + "\"expires_at\": 7, \"temperature\": \"hot\", \"max_tokens\": \"many\", \"tools\": 8, \"tags\": 9, \"zz_unknown\": 1}");
        bad("huge number", "{\"name\": \"x\", \"max_tokens\": 1e400, \"rate_limit_per_minute\": 1e400, \"zz_unknown\": 1}");
        bad("huge integer", "{\"name\": \"x\", \"max_tokens\": 123456789012345678901234567890, \"zz_unknown\": 1}");
        bad("NUL in string", "{\"name\": \"a\\u0000b\", \"email\": \"a\\u0000@b.c\", \"zz_unknown\": 1}");
        bad("lone surrogate", "{\"name\": \"\\ud800\", \"zz_unknown\": 1}");
        bad("bad escape", "{\"name\": \"\\x41\"}");
        bad("deep nesting", "{\"name\": \"x\", \"tools\": " + "[".repeat(5000) + "]".repeat(5000) + "}");
        bad("deep nesting unclosed", "{\"a\":" + "{\"a\":".repeat(20000));
        bad("many keys", manyKeys());
        bad("duplicate keys", "{\"name\": \"a\", \"name\": \"b\", \"zz_unknown\": 1}");
        bad("unknown enum values", "{\"name\": \"x\", \"provider\": \"skynet\", \"status\": \"sleeping\", \"plan\": \"gold\", "
                + "\"role\": \"god\", \"zz_unknown\": 1}");
        bad("foreign ids", "{\"name\": \"x\", \"workspace_id\": \"" + UUID.randomUUID() + "\", \"organization_id\": \"x\", \"zz_unknown\": 1}");
        bad("sql injection", "{\"name\": \"x'); drop table agents; --\", \"zz_unknown\": 1}");
        BAD_BODIES.put("invalid UTF-8", concat("{\"name\": \"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3},
                "\", \"zz_unknown\": 1}".getBytes(StandardCharsets.UTF_8)));
        BAD_BODIES.put("UTF-16 with BOM", "\uFEFF{\"name\": \"x\", \"zz_unknown\": 1}".getBytes(StandardCharsets.UTF_16));
        BAD_BODIES.put("binary", new byte[] {0, 1, 2, 3, (byte) 0x89, 'P', 'N', 'G', 0, 0, (byte) 0xff});
    }

    private static final List<String> BAD_IDS = List.of(
            "abc", "123", "0", "-1", "null", "undefined", "true",
            "00000000-0000-0000-0000-00000000000g",
            "0123456789abcdef0123456789abcdef",
            "%7B00000000-0000-0000-0000-000000000000%7D",
            "ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ",
            "1b4e28ba-2fa1-11d2-883f-0016d3cca4271",
            "1b4e28ba2fa1-11d2-883f-0016d3cca427-",
            "%00", "%20", "%0A", "..%2F..%2Fnope", "%27%20OR%201%3D1", "%F0%9F%98%80",
            "x".repeat(3000));

    private static final List<String> BAD_LIMITS = List.of("0", "-1", "abc", "1.5", "1e3", "99999999999999999999999", "%00", "0x10");

    private static final List<String> BAD_CURSORS = List.of("garbage", "c1.", "c1.%21%21%21", "c1.bm90LWEtY3Vyc29y",
            "2024-13-45T99:00:00Z", "2024-01-01", "%00", "x".repeat(2000));

    private final List<String> failures = new ArrayList<>();
    /** Softer findings (printed, not failed): a 4xx produced without the API's error shape or request id. */
    private final List<String> warnings = new ArrayList<>();
    private final Map<Integer, Integer> statusCounts = new TreeMap<>();
    private int requests;

    @Test
    void everyMalformedRequestIsA4xxAndChangesNothing() {
        Api.Org org = Api.createOrg("sweep");
        Api api = org.api();

        // fixtures: a real agent, a spare token, a revoked token, a member
        JsonNode agent = api.createAgent("sweep target", "description", "keep", "tags", List.of("sweep"));
        String agentId = agent.path("id").asText();
        JsonNode spare = api.post("/api/v1/tokens", obj("name", "spare")).expect(201).data();
        String spareId = spare.path("id").asText();
        JsonNode revoked = api.post("/api/v1/tokens", obj("name", "revoked")).expect(201).data();
        api.post("/api/v1/tokens/" + revoked.path("id").asText() + "/revoke", null).expect(200);
        String revokedSecret = revoked.path("token").asText();
        String ownerUserId = org.ownerUserId();
        Api.Resp member = api.post("/api/v1/organizations/" + org.id() + "/members",
                obj("email", "member-" + UUID.randomUUID() + "@it.agentry.test", "role", "member"));
        String memberUserId = member.status() == 201 ? member.data().path("user_id").asText() : ownerUserId;

        Snapshot before = Snapshot.of(api, org);
        Map<String, String> realIds = Map.of(
                "{id}", agentId, "{orgId}", org.id().toString(),
                "{userId}", memberUserId == null ? UUID.randomUUID().toString() : memberUserId);

        for (Endpoint endpoint : ENDPOINTS) {
            // the tokens endpoints address tokens, the rest agents
            Map<String, String> ids = new LinkedHashMap<>(realIds);
            if (endpoint.template().contains("/tokens/")) {
                ids.put("{id}", spareId);
            }
            String realPath = fill(endpoint.template(), ids);

            // 1. malformed bodies (only where a body is read, and never on an operation that would succeed without one)
            if (endpoint.body() && !endpoint.destructiveWithoutBody()) {
                for (Map.Entry<String, byte[]> bad : BAD_BODIES.entrySet()) {
                    check(endpoint, "body: " + bad.getKey(), api.call(endpoint.method(), realPath).body(bad.getValue()));
                }
                byte[] huge = ("{\"name\": \"" + "x".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8);
                check(endpoint, "body over the limit", api.call(endpoint.method(), realPath).body(huge), 413);
                // without Content-Length the limit trips while the resource reads; organization endpoints may refuse
                // a non-system caller first (403), so only agents and tokens must say 413 here
                boolean readsFirst = endpoint.template().contains("/agents") || endpoint.template().contains("/tokens");
                check(endpoint, "chunked body over the limit", api.call(endpoint.method(), realPath).body(huge).chunked(),
                        readsFirst ? 413 : -1);
                check(endpoint, "chunked malformed body", api.call(endpoint.method(), realPath).body("{\"name\":").chunked());
                check(endpoint, "text/plain malformed", api.call(endpoint.method(), realPath)
                        .header("Content-Type", "text/plain").body("{"));
                check(endpoint, "xml content type", api.call(endpoint.method(), realPath)
                        .header("Content-Type", "application/xml").body("<agent><name>x</name></agent>"));
                check(endpoint, "charset utf-16 declared, utf-8 malformed", api.call(endpoint.method(), realPath)
                        .header("Content-Type", "application/json; charset=utf-16").body("{\"name\":"));
                check(endpoint, "fake gzip", api.call(endpoint.method(), realPath)
                        .header("Content-Encoding", "gzip").body("{\"name\":"));
                check(endpoint, "bogus content type", api.call(endpoint.method(), realPath)
                        .header("Content-Type", "x/y; ;;; =").body("{"));
            }

            // 2. bad ids, and well-formed ids that do not exist
            if (endpoint.hasIds()) {
                for (String placeholder : List.of("{id}", "{orgId}", "{userId}")) {
                    if (!endpoint.template().contains(placeholder)) {
                        continue;
                    }
                    for (String badId : BAD_IDS) {
                        Map<String, String> withBad = new LinkedHashMap<>(ids);
                        withBad.put(placeholder, badId);
                        check(endpoint, "bad " + placeholder + " '" + abbreviate(badId) + "'",
                                withBody(endpoint, api.call(endpoint.method(), fill(endpoint.template(), withBad))));
                    }
                    Map<String, String> withRandom = new LinkedHashMap<>(ids);
                    withRandom.put(placeholder, UUID.randomUUID().toString());
                    check(endpoint, "unknown " + placeholder,
                            withBody(endpoint, api.call(endpoint.method(), fill(endpoint.template(), withRandom))));
                }
            }

            // 3. bad limits, cursors and filters
            if (endpoint.list()) {
                for (String limit : BAD_LIMITS) {
                    check(endpoint, "limit=" + limit, api.call("GET", realPath + "?limit=" + limit));
                }
                for (String cursor : BAD_CURSORS) {
                    check(endpoint, "cursor=" + abbreviate(cursor), api.call("GET", realPath + "?cursor=" + cursor));
                }
                check(endpoint, "limit and cursor bad", api.call("GET", realPath + "?limit=-5&cursor=zz"));
                check(endpoint, "Accept: text/html with bad limit", api.call("GET", realPath + "?limit=zero")
                        .header("Accept", "text/html"));
                if (endpoint.template().endsWith("/agents")) {
                    for (String filter : List.of("status=sleeping", "provider=skynet", "is_marketplace=maybe", "tag=a*b",
                            "tag=" + "t".repeat(65), "status=")) {
                        check(endpoint, filter, api.call("GET", realPath + "?" + filter));
                    }
                }
                if (endpoint.template().endsWith("/tokens")) {
                    check(endpoint, "status=paused", api.call("GET", realPath + "?status=paused"));
                }
            }

            // 4. bad credentials and headers: refused before anything happens, on every endpoint with real ids
            Map<String, UnaryOperator<Api.Call>> headerCases = new LinkedHashMap<>();
            headerCases.put("X-API-Version: 3", c -> c.header("X-API-Version", "3"));
            headerCases.put("X-API-Version: two", c -> c.header("X-API-Version", "two"));
            headerCases.put("X-API-Version: -1", c -> c.header("X-API-Version", "-1"));
            headerCases.put("no credentials", Api.Call::noAuth);
            headerCases.put("Basic auth", c -> c.noAuth().header("Authorization", "Basic dXNlcjpwYXNz"));
            headerCases.put("Bearer without token", c -> c.noAuth().header("Authorization", "Bearer"));
            headerCases.put("short pk_", c -> c.noAuth().header("Authorization", "Bearer pk_123"));
            headerCases.put("unknown pk_", c -> c.noAuth().header("Authorization", "Bearer " + Api.randomToken()));
            headerCases.put("revoked token", c -> c.noAuth().header("Authorization", "Bearer " + revokedSecret));
            headerCases.put("revoked token as X-API-Key", c -> c.noAuth().header("X-API-Key", revokedSecret));
            headerCases.put("JWT-shaped garbage", c -> c.noAuth().header("Authorization", "Bearer aaa.bbb.ccc"));
            headerCases.put("JWT of another key", c -> c.noAuth().header("Authorization",
                    "Bearer " + Jwt.forOrg(org.id(), "owner").signedWith(OTHER_KEY.getPrivate()).sign()));
            headerCases.put("8 KB bearer", c -> c.noAuth().header("Authorization", "Bearer pk_" + "a".repeat(8000)));
            headerCases.put("X-API-Key with spaces", c -> c.noAuth().header("X-API-Key", "not a token"));
            headerCases.put("bad Authorization beats good X-API-Key", c -> c.noAuth()
                    .header("Authorization", "Bearer " + Api.randomToken()).header("X-API-Key", api.token()));
            headerCases.put("odd X-Request-Id without credentials", c -> c.noAuth().header("X-Request-Id", "<script>;;"));
            for (Map.Entry<String, UnaryOperator<Api.Call>> h : headerCases.entrySet()) {
                Api.Call call = h.getValue().apply(api.call(endpoint.method(), realPath));
                check(endpoint, h.getKey(), withBody(endpoint, call));
            }
            if (endpoint.method().equals("POST") && !endpoint.destructiveWithoutBody()) {
                // an invalid Idempotency-Key is refused even with an otherwise acceptable body
                Object acceptable = acceptableBody(endpoint);
                check(endpoint, "Idempotency-Key too long", api.call("POST", realPath)
                        .header("Idempotency-Key", "k".repeat(256)).body(acceptable));
                check(endpoint, "Idempotency-Key with spaces", api.call("POST", realPath)
                        .header("Idempotency-Key", "two words").body(acceptable));
            }

            // 5. methods the endpoint does not have
            if (!endpoint.template().startsWith("/functions")) {
                check(endpoint, "PUT", api.call("PUT", realPath).body("{\"zz_unknown\": 1}"));
            }
        }

        // organization creation with a system token: each bad request is a 400 and creates nothing
        String marker = "it-sweep-org-" + UUID.randomUUID().toString().substring(0, 8);
        Endpoint orgCreate = new Endpoint("POST", "/api/v1/organizations (system)", true, false);
        Api system = Api.bootstrap();
        for (Object body : List.of(
                obj("name", marker, "plan", "gold"),
                obj("name", marker, "plan", "free", "rate_limit_per_minute", 0),
                obj("name", marker, "plan", "free", "rate_limit_per_minute", -5),
                obj("name", marker, "plan", "free", "rate_limit_per_minute", "fast"),
                obj("name", marker, "owner_email", "not-an-email"),
                obj("name", marker, "plan", "free", "zz_unknown", 1),
                obj("name", "", "plan", "free"),
                obj("name", marker, "plan", 3),
                "[{\"name\": \"" + marker + "\"}]",
                "{\"name\": \"" + marker + "\"")) {
            check(orgCreate, "system: " + abbreviate(Api.toJson(body)), system.call("POST", "/api/v1/organizations").body(body));
        }

        // ---- report and verify
        String summary = requests + " malformed requests, statuses " + statusCounts;
        System.out.println("[MalformedInputSweepIT] " + summary);
        if (!warnings.isEmpty()) {
            System.out.println("[MalformedInputSweepIT] " + warnings.size() + " warnings (4xx without the API error shape):\n  "
                    + String.join("\n  ", warnings.subList(0, Math.min(50, warnings.size()))));
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + summary + " were not a clean 4xx (first 100 shown):\n"
                    + String.join("\n", failures.subList(0, Math.min(100, failures.size()))));
        }
        assertTrue(requests > 500, "the sweep ran: " + summary);

        Snapshot after = Snapshot.of(api, org);
        before.assertSameAs(after);
        api.get("/api/v1/agents/" + agentId).expect(200);
        Api.at(spare.path("token").asText()).get("/api/v1/agents").expect(200);
        assertEquals(0, Api.countRows("select count(*) from organizations where name = ?", marker),
                "no organization was created by a refused request");
        assertEquals(0, Api.countRows("select count(*) from agents where organization_id = ? and name <> 'sweep target'", org.id()),
                "no agent was created by a refused request");
    }

    private static final java.security.KeyPair OTHER_KEY = Jwt.otherKeyPair();

    // ------------------------------------------------------------------ checking

    private void check(Endpoint endpoint, String label, Api.Call call) {
        check(endpoint, label, call, -1);
    }

    private void check(Endpoint endpoint, String label, Api.Call call, int expected) {
        requests++;
        String where = endpoint.method() + " " + endpoint.template() + " [" + label + "]";
        Api.Resp r;
        try {
            r = call.sendOrThrow();
        } catch (IOException | RuntimeException e) {
            statusCounts.merge(-1, 1, Integer::sum);
            failures.add(where + ": I/O failure " + e);
            return;
        }
        statusCounts.merge(r.status(), 1, Integer::sum);
        if (r.status() < 400 || r.status() >= 500) {
            failures.add(where + ": " + r.describe());
            return;
        }
        if (expected > 0 && r.status() != expected) {
            failures.add(where + ": expected " + expected + ", " + r.describe());
            return;
        }
        // a 4xx answered by the container before the application saw it may lack the API's shape: warn only
        if (r.header("X-Request-Id") == null) {
            warnings.add(where + ": no X-Request-Id, " + r.describe());
        }
        String type = r.header("Content-Type");
        if (type != null && type.startsWith("application/json")) {
            try {
                JsonNode error = r.json().path("error");
                if (r.json().path("error_message").asText().startsWith("CWWWC0005I")) {
                    // Liberty's web container refuses URIs with encoded control characters before any
                    // application code runs; it is a 400 that names the problem, in the server's own shape.
                    warnings.add(where + ": rejected by the web container, " + r.describe());
                } else if (!error.path("code").isTextual() || !error.path("message").isTextual()) {
                    failures.add(where + ": JSON error without {error: {code, message}}, " + r.describe());
                }
            } catch (AssertionError notJson) {
                failures.add(where + ": JSON content type but not JSON, " + r.describe());
            }
        } else {
            warnings.add(where + ": error without a JSON body (Content-Type " + type + "), " + r.describe());
        }
    }

    /** Endpoints that read a body get a malformed one with bad ids and headers too (two reasons to refuse). */
    private static Api.Call withBody(Endpoint endpoint, Api.Call call) {
        return endpoint.body() && !endpoint.destructiveWithoutBody() ? call.body("{\"zz_unknown\": ") : call;
    }

    private static Object acceptableBody(Endpoint endpoint) {
        String t = endpoint.template();
        if (t.endsWith("/agents")) {
            return obj("name", "idempotency-key victim");
        }
        if (t.endsWith("/tokens")) {
            return obj("name", "idempotency-key victim");
        }
        if (t.endsWith("/members")) {
            return obj("email", "victim-" + UUID.randomUUID() + "@it.agentry.test", "role", "member");
        }
        return obj("name", "it-idempotency-key-victim", "plan", "free");
    }

    private static String fill(String template, Map<String, String> ids) {
        String path = template;
        for (Map.Entry<String, String> e : ids.entrySet()) {
            path = path.replace(e.getKey(), e.getValue());
        }
        return path;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + ")" : s;
    }

    private static void bad(String label, String body) {
        BAD_BODIES.put(label, body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static String manyKeys() {
        StringBuilder sb = new StringBuilder("{\"name\": \"x\"");
        for (int i = 0; i < 5000; i++) {
            sb.append(", \"k").append(i).append("\": ").append(i);
        }
        return sb.append('}').toString();
    }

    // ------------------------------------------------------------------ state before and after

    /** What the sweep must not change: agents (full JSON), tokens (id, name, status), members, the organization. */
    record Snapshot(Map<String, JsonNode> agents, Map<String, String> tokens, Set<String> members, JsonNode organization,
                    long agentRows, long tokenRows, long memberRows) {

        static Snapshot of(Api api, Api.Org org) {
            Map<String, JsonNode> agents = api.listAll("/api/v1/agents").stream()
                    .collect(Collectors.toMap(a -> a.path("id").asText(), a -> a, (x, y) -> x, TreeMap::new));
            Map<String, String> tokens = api.listAll("/api/v1/tokens").stream()
                    .collect(Collectors.toMap(t -> t.path("id").asText(),
                            t -> t.path("name").asText() + "|" + t.path("status").asText() + "|" + t.path("prefix").asText(),
                            (x, y) -> x, TreeMap::new));
            Set<String> members = api.listAll("/api/v1/organizations/" + org.id() + "/members").stream()
                    .map(m -> m.path("user_id").asText() + "|" + m.path("role").asText()).collect(Collectors.toSet());
            JsonNode organization = api.get("/api/v1/organizations/" + org.id()).expect(200).data();
            return new Snapshot(agents, tokens, members, organization,
                    Api.countRows("select count(*) from agents where organization_id = ?", org.id()),
                    Api.countRows("select count(*) from api_tokens where organization_id = ?", org.id()),
                    Api.countRows("select count(*) from memberships where organization_id = ?", org.id()));
        }

        void assertSameAs(Snapshot after) {
            assertEquals(agents.keySet(), after.agents.keySet(), "the set of agents changed");
            agents.forEach((id, json) -> assertEquals(json, after.agents.get(id), "agent " + id + " changed"));
            assertEquals(tokens, after.tokens, "tokens changed (created, renamed, revoked or deleted)");
            assertEquals(members, after.members, "members changed");
            assertEquals(organization.path("name"), after.organization.path("name"), "organization renamed");
            assertEquals(organization.path("plan"), after.organization.path("plan"), "organization plan changed");
            assertEquals(organization.path("rate_limit_per_minute"), after.organization.path("rate_limit_per_minute"));
            assertEquals(agentRows, after.agentRows, "agent rows in the database");
            assertEquals(tokenRows, after.tokenRows, "token rows in the database");
            assertEquals(memberRows, after.memberRows, "membership rows in the database");
        }
    }
}
