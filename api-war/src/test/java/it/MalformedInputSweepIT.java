package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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
 * bad limits and cursors (including timestamps outside the years 1 to 9999), bad credentials and
 * odd headers. Every answer must be a 4xx with the error shape (never a 5xx, never a success), an
 * application 400 must say {@code bad_request}, the field-level cases must name their field in
 * {@code error.field}, and afterwards the organization's agents, tokens, members, name, knowledge
 * bases and items must be exactly as before.
 */
class MalformedInputSweepIT {

    /** One endpoint: method, path template ({id}, {userId}), and what it accepts. */
    record Endpoint(String method, String template, boolean body, boolean list) {
        boolean hasIds() {
            return template.contains("{");
        }

        /**
         * DELETE and the actions (a POST without a body: revoke, cancel, retry, pause...) would succeed
         * with a real id, so they only get bad ids.
         */
        boolean destructiveWithoutBody() {
            return method.equals("DELETE") || (method.equals("POST") && !body);
        }
    }

    /** The SquadOS alias goes through the same plumbing; /openapi lists only the canonical paths. */
    private static final List<Endpoint> ALIASES = List.of(
            new Endpoint("POST", "/functions/v1/api/v1/chat/{agentId}", true, false),
            new Endpoint("POST", "/functions/v1/api/v1/agents", true, false),
            new Endpoint("PATCH", "/functions/v1/api/v1/agents/{id}", true, false),
            new Endpoint("GET", "/functions/v1/api/v1/agents", false, true));

    /** A path parameter's name in the sweep: {id} of organizations is {orgId}, of bases {baseId}, and so on. */
    private static final Map<String, String> ID_OF = Map.of(
            "organizations", "{orgId}", "bases", "{baseId}", "conversations", "{conversationId}", "tasks", "{taskId}",
            "hooks", "{hookId}", "teams", "{teamId}", "runs", "{runId}");

    /**
     * Every operation of the server's /openapi document (so a new endpoint cannot be left out of
     * the sweep), with the sweep's names for its path parameters, plus the SquadOS aliases.
     */
    static List<Endpoint> endpoints() {
        JsonNode paths = Api.bootstrap().get("/openapi?format=JSON").expect(200).json().path("paths");
        List<Endpoint> endpoints = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String method = op.getKey().toUpperCase();
            if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                return;
            }
            boolean list = op.getValue().path("parameters").toString().contains("#/components/parameters/limit");
            String template = template(path.getKey());
            for (JsonNode parameter : op.getValue().path("parameters")) {
                // CrewForm's functions address a record by ?id=
                if (parameter.path("name").asText().equals("id") && parameter.path("in").asText().equals("query")
                        && parameter.path("required").asBoolean()) {
                    String function = path.getKey().substring(path.getKey().lastIndexOf("api-") + 4);
                    template += "?id=" + ID_OF.getOrDefault(function, "{id}");
                }
            }
            endpoints.add(new Endpoint(method, template, op.getValue().has("requestBody"), list));
        }));
        endpoints.addAll(ALIASES);
        return endpoints;
    }

    private static String template(String openApiPath) {
        String[] segments = openApiPath.split("/");
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].equals("{id}") && ID_OF.containsKey(segments[i - 1])) {
                segments[i] = ID_OF.get(segments[i - 1]);
            } else if (segments[i].equals("{provider}")) {
                segments[i] = "openai";
            }
        }
        return String.join("/", segments);
    }

    /**
     * Query strings no legacy table accepts, with the status each gets (-1: any 4xx, as when a
     * table refuses the method first): unknown columns, operators, values, orders, windows.
     */
    private static final Map<String, Integer> LEGACY_QUERIES = new LinkedHashMap<>();

    static {
        LEGACY_QUERIES.put("zz_unknown=eq.1", -1);
        LEGACY_QUERIES.put("id=eq.not-a-uuid", -1);
        LEGACY_QUERIES.put("id=zz.1", -1);
        LEGACY_QUERIES.put("id=eq", -1);
        LEGACY_QUERIES.put("id=in.(1,2", -1);
        LEGACY_QUERIES.put("id=in.(%22a,b)", -1);
        LEGACY_QUERIES.put("id=like.x*", -1);
        LEGACY_QUERIES.put("id=is.maybe", -1);
        LEGACY_QUERIES.put("id=eq.%00", -1);
        LEGACY_QUERIES.put("id=eq." + "a".repeat(20_000), -1);
        LEGACY_QUERIES.put("created_at=gte.yesterday", -1);
        LEGACY_QUERIES.put("created_at=gte.99999-01-01", -1);
        LEGACY_QUERIES.put("created_at=gte.2026-13-45", -1);
        LEGACY_QUERIES.put("order=zz_unknown", -1);
        LEGACY_QUERIES.put("order=created_at.sideways", -1);
        LEGACY_QUERIES.put("order=", -1);
        LEGACY_QUERIES.put("select=zz_unknown", -1);
        LEGACY_QUERIES.put("select=id::text", -1);
        LEGACY_QUERIES.put("select=*,agents(*)", -1);
        LEGACY_QUERIES.put("select=a%20b:id", -1);
        LEGACY_QUERIES.put("limit=-1", -1);
        LEGACY_QUERIES.put("limit=1e3", -1);
        LEGACY_QUERIES.put("limit=99999999999999999999", -1);
        LEGACY_QUERIES.put("offset=-1", -1);
        LEGACY_QUERIES.put("offset=1&offset=2", -1);
        LEGACY_QUERIES.put("or=(id.eq.1)", -1);
        LEGACY_QUERIES.put("on_conflict=id", -1);
    }

    /**
     * Bodies that no endpoint may accept. Each is wrong on its own (malformed, not an object, a wrong
     * type, out of range, a NUL or lone surrogate, an unknown enum value, an out-of-range timestamp):
     * none also carries an unknown field, so the unknown-field check cannot refuse them first and the
     * type, range, text and enum validators really run. Where a body's fields are unknown to an
     * endpoint, that endpoint refuses it for the unknown field, which is fine: {@link #INVALID_FIELDS}
     * sends every validator's case to the endpoints that know the field and checks the field named.
     */
    private static final Map<String, byte[]> BAD_BODIES = new LinkedHashMap<>();

    static {
        bad("truncated object", "{\"name\": ");
        bad("lone brace", "{");
        bad("trailing comma", "{\"name\": \"x\",}");
        bad("single quotes", "{'name': 'x'}");
        bad("unquoted key", "{name: \"x\"}");
        bad("comment", "{/* hi */ \"name\": \"x\"}");
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
        bad("garbage after object", "{\"name\": \"x\"} trailing");
        bad("xml", "<agent><name>x</name></agent>");
        bad("form", "name=x&role=owner");
        bad("unknown field only", "{\"zz_unknown\": true}");
        bad("name wrong type number", "{\"name\": 5}");
        bad("name wrong type array", "{\"name\": [\"x\"]}");
        bad("name wrong type object", "{\"name\": {\"first\": \"x\"}}");
        bad("name wrong type bool", "{\"name\": true}");
        bad("every field wrong", "{\"name\": 1, \"email\": 2, \"role\": 3, \"plan\": 4, \"status\": 5, \"scopes\": 6, "
                + "\"expires_at\": 7, \"temperature\": \"hot\", \"max_tokens\": \"many\", \"tools\": 8, \"tags\": 9}");
        bad("huge number", "{\"name\": \"x\", \"max_tokens\": 1e400}");
        bad("huge rate limit", "{\"name\": \"x\", \"rate_limit_per_minute\": 1e400}");
        bad("huge integer", "{\"name\": \"x\", \"max_tokens\": 123456789012345678901234567890}");
        bad("NUL in name", "{\"name\": \"a\\u0000b\"}");
        bad("NUL in email", "{\"email\": \"a\\u0000@b.c\", \"role\": \"member\"}");
        bad("lone surrogate in name", "{\"name\": \"\\ud800\"}");
        bad("lone surrogate in email", "{\"email\": \"\\ud800@b.c\", \"role\": \"member\"}");
        bad("bad escape", "{\"name\": \"\\x41\"}");
        bad("deep nesting", "{\"name\": \"x\", \"tools\": " + "[".repeat(5000) + "]".repeat(5000) + "}");
        bad("deep nesting unclosed", "{\"a\":" + "{\"a\":".repeat(20000));
        bad("many keys", manyKeys());
        // whichever of the two values a parser keeps, the name is of the wrong type
        bad("duplicate keys", "{\"name\": 5, \"name\": 7}");
        bad("unknown provider", "{\"name\": \"x\", \"provider\": \"skynet\"}");
        bad("unknown status", "{\"name\": \"x\", \"status\": \"sleeping\"}");
        bad("unknown plan", "{\"name\": \"x\", \"plan\": \"gold\"}");
        bad("unknown role", "{\"role\": \"god\"}");
        bad("unknown role with email", "{\"email\": \"enum-" + UUID.randomUUID() + "@it.agentry.test\", \"role\": \"god\"}");
        bad("expires_at year 300000", "{\"name\": \"x\", \"expires_at\": \"+300000-01-01T00:00:00Z\"}");
        bad("expires_at year 10000", "{\"name\": \"x\", \"expires_at\": \"+10000-01-01T00:00:00Z\"}");
        bad("foreign ids", "{\"name\": \"x\", \"workspace_id\": \"" + UUID.randomUUID() + "\", \"organization_id\": \"x\"}");
        // the injected text travels through a valid field; the unknown status value keeps the body refused
        bad("sql injection", "{\"name\": \"x'); drop table agents; --\", \"status\": \"idle'; drop table agents; --\"}");
        // Encoding cases: they check that the decoder never fails with a 5xx. The server does not promise to
        // refuse the encoding itself (a lenient decoder may read U+FFFD or honour the BOM), so these two keep
        // an unknown field to stay refused and leave the organization unchanged.
        BAD_BODIES.put("invalid UTF-8", concat("{\"name\": \"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3},
                "\", \"zz_unknown\": 1}".getBytes(StandardCharsets.UTF_8)));
        BAD_BODIES.put("UTF-16 with BOM", "\uFEFF{\"name\": \"x\", \"zz_unknown\": 1}".getBytes(StandardCharsets.UTF_16));
        BAD_BODIES.put("binary", new byte[] {0, 1, 2, 3, (byte) 0x89, 'P', 'N', 'G', 0, 0, (byte) 0xff});
    }

    /** A body that one endpoint must refuse with a 400 whose {@code error.field} is {@code field}. */
    record Invalid(String label, String body, String field) {
    }

    private static Invalid invalid(String label, String body, String field) {
        return new Invalid(label, body, field);
    }

    /**
     * Per endpoint ("METHOD template"), bodies with exactly one fault in a field the endpoint knows:
     * the validator of that field must refuse it and name it.
     */
    private static final Map<String, List<Invalid>> INVALID_FIELDS = new LinkedHashMap<>();

    static {
        INVALID_FIELDS.put("PUT /api/v1/providers/openai", List.of(
                invalid("api_key is a number", "{\"api_key\": 5}", "api_key"),
                invalid("api_key has a line break", "{\"api_key\": \"sk-a\\r\\nX-Evil: 1\"}", "api_key"),
                invalid("api_key is empty", "{\"api_key\": \"\"}", "api_key"),
                invalid("base_url is not http", "{\"base_url\": \"file:///etc/passwd\"}", "base_url"),
                invalid("base_url is a metadata endpoint", "{\"base_url\": \"http://169.254.169.254/v1\"}", "base_url"),
                invalid("valid key, bad base_url", "{\"api_key\": \"sk-valid-key\", \"base_url\": \"http://\"}", "base_url")));
        // agents: the same bodies for create and update (an update must not apply the valid name either)
        List<Invalid> agent = List.of(
                invalid("name is a number", "{\"name\": 5}", "name"),
                invalid("name is an array", "{\"name\": [\"x\"]}", "name"),
                invalid("name is an object", "{\"name\": {\"first\": \"x\"}}", "name"),
                invalid("name is a boolean", "{\"name\": true}", "name"),
                invalid("name is null", "{\"name\": null}", "name"),
                invalid("name is blank", "{\"name\": \"   \"}", "name"),
                invalid("NUL in name", "{\"name\": \"a\\u0000b\"}", "name"),
                invalid("lone high surrogate in name", "{\"name\": \"\\ud800\"}", "name"),
                invalid("lone low surrogate in name", "{\"name\": \"x\\udc00y\"}", "name"),
                invalid("NUL in description", "{\"name\": \"x\", \"description\": \"a\\u0000b\"}", "description"),
                invalid("lone surrogate in system_prompt", "{\"name\": \"x\", \"system_prompt\": \"\\ud83d\"}", "system_prompt"),
                invalid("NUL in a tag", "{\"name\": \"x\", \"tags\": [\"a\\u0000b\"]}", "tags[0]"),
                invalid("temperature is a string", "{\"name\": \"x\", \"temperature\": \"hot\"}", "temperature"),
                invalid("temperature 1e400", "{\"name\": \"x\", \"temperature\": 1e400}", "temperature"),
                invalid("temperature above 2", "{\"name\": \"x\", \"temperature\": 2.5}", "temperature"),
                invalid("max_tokens is a string", "{\"name\": \"x\", \"max_tokens\": \"many\"}", "max_tokens"),
                invalid("max_tokens 1e400", "{\"name\": \"x\", \"max_tokens\": 1e400}", "max_tokens"),
                invalid("max_tokens -1e400", "{\"name\": \"x\", \"max_tokens\": -1e400}", "max_tokens"),
                invalid("max_tokens beyond a long", "{\"name\": \"x\", \"max_tokens\": 123456789012345678901234567890}", "max_tokens"),
                invalid("max_tokens fractional", "{\"name\": \"x\", \"max_tokens\": 1.5}", "max_tokens"),
                invalid("max_tokens zero", "{\"name\": \"x\", \"max_tokens\": 0}", "max_tokens"),
                invalid("unknown provider", "{\"name\": \"x\", \"provider\": \"skynet\"}", "provider"),
                invalid("provider is a number", "{\"name\": \"x\", \"provider\": 3}", "provider"),
                invalid("unknown status", "{\"name\": \"x\", \"status\": \"sleeping\"}", "status"),
                invalid("is_marketplace is a string", "{\"name\": \"x\", \"is_marketplace\": \"yes\"}", "is_marketplace"),
                invalid("tools is a number", "{\"name\": \"x\", \"tools\": 8}", "tools"),
                invalid("tags is a string", "{\"name\": \"x\", \"tags\": \"a\"}", "tags"),
                invalid("tools is null", "{\"name\": \"x\", \"tools\": null}", "tools"),
                invalid("tags is null", "{\"name\": \"x\", \"tags\": null}", "tags"),
                invalid("knowledge_base_ids is null", "{\"name\": \"x\", \"knowledge_base_ids\": null}", "knowledge_base_ids"),
                invalid("status is null", "{\"name\": \"x\", \"status\": null}", "status"),
                invalid("is_marketplace is null", "{\"name\": \"x\", \"is_marketplace\": null}", "is_marketplace"),
                invalid("foreign workspace_id", "{\"name\": \"x\", \"workspace_id\": \"" + UUID.randomUUID() + "\"}", "workspace_id"),
                invalid("unknown field", "{\"name\": \"x\", \"zz_unknown\": 1}", "zz_unknown"));
        INVALID_FIELDS.put("POST /api/v1/agents", agent);
        INVALID_FIELDS.put("PATCH /api/v1/agents/{id}", agent);
        INVALID_FIELDS.put("POST /functions/v1/api/v1/agents", agent);
        INVALID_FIELDS.put("PATCH /functions/v1/api/v1/agents/{id}", agent);

        INVALID_FIELDS.put("POST /api/v1/bases", List.of(
                new Invalid("too small", "{\"name\": \"x\", \"chunk_size\": 99}", "chunk_size"),
                new Invalid("over half the size", "{\"name\": \"x\", \"chunk_size\": 200, \"chunk_overlap\": 101}", "chunk_overlap"),
                new Invalid("unknown", "{\"name\": \"x\", \"embedding_provider\": \"cohere\"}", "embedding_provider"),
                new Invalid("null", "{\"name\": \"x\", \"embedding_provider\": null}", "embedding_provider"),
                new Invalid("null", "{\"name\": \"x\", \"embedding_model\": null}", "embedding_model"),
                new Invalid("null", "{\"name\": \"x\", \"chunk_size\": null}", "chunk_size"),
                new Invalid("null", "{\"name\": \"x\", \"chunk_overlap\": null}", "chunk_overlap")));
        INVALID_FIELDS.put("POST /api/v1/bases/{baseId}/query", List.of(
                new Invalid("blank", "{\"query\": \" \"}", "query"),
                new Invalid("over 50", "{\"query\": \"x\", \"limit\": 51}", "limit"),
                new Invalid("null", "{\"query\": \"x\", \"limit\": null}", "limit"),
                new Invalid("unknown", "{\"query\": \"x\", \"mode\": \"fuzzy\"}", "mode"),
                new Invalid("an array value", "{\"query\": \"x\", \"filter\": {\"k\": [1]}}", "filter.k")));
        INVALID_FIELDS.put("POST /api/v1/bases/{baseId}/items", List.of(
                new Invalid("missing", "{\"title\": \"x\"}", "content"),
                new Invalid("not an object", "{\"content\": \"x\", \"metadata\": [1]}", "metadata"),
                new Invalid("null", "{\"content\": \"x\", \"metadata\": null}", "metadata"),
                new Invalid("null", "{\"content\": \"x\", \"title\": null}", "title"),
                new Invalid("null", "{\"content\": null}", "content")));
        List<Invalid> chat = List.of(
                invalid("missing", "{\"stream\": true}", "message"),
                invalid("blank", "{\"message\": \"  \"}", "message"),
                invalid("a number", "{\"message\": 5}", "message"),
                invalid("null", "{\"message\": null}", "message"),
                invalid("not a boolean", "{\"message\": \"hi\", \"stream\": \"yes\"}", "stream"),
                invalid("not a uuid", "{\"message\": \"hi\", \"conversation_id\": \"c1\"}", "conversation_id"),
                invalid("not http", "{\"message\": \"hi\", \"webhook_url\": \"gopher://x\"}", "webhook_url"),
                invalid("link-local", "{\"message\": \"hi\", \"webhook_url\": \"http://169.254.169.254/latest\"}", "webhook_url"),
                invalid("not an object", "{\"message\": \"hi\", \"metadata\": [1]}", "metadata"),
                invalid("not an array", "{\"message\": \"hi\", \"attachments\": {}}", "attachments"),
                invalid("unknown type", "{\"message\": \"hi\", \"attachments\": [{\"type\": \"exe\"}]}", "attachments[0].type"),
                invalid("unknown field", "{\"message\": \"hi\", \"zz_unknown\": 1}", "zz_unknown"));
        INVALID_FIELDS.put("POST /api/v1/chat/{agentId}", chat);
        INVALID_FIELDS.put("POST /functions/v1/api/v1/chat/{agentId}", chat);
        List<Invalid> task = List.of(
                invalid("title is a number", "{\"title\": 5}", "title"),
                invalid("title is blank", "{\"title\": \" \"}", "title"),
                invalid("NUL in title", "{\"title\": \"a\\u0000b\"}", "title"),
                invalid("unknown priority", "{\"title\": \"x\", \"priority\": \"asap\"}", "priority"),
                invalid("agent is not a uuid", "{\"title\": \"x\", \"assigned_agent_id\": \"bob\"}", "assigned_agent_id"),
                invalid("agent does not exist", "{\"title\": \"x\", \"assigned_agent_id\": \"" + UUID.randomUUID() + "\"}",
                        "assigned_agent_id"),
                invalid("team is a number", "{\"title\": \"x\", \"assigned_team_id\": 7}", "assigned_team_id"),
                invalid("team does not exist", "{\"title\": \"x\", \"assigned_team_id\": \"" + UUID.randomUUID() + "\"}",
                        "assigned_team_id"),
                invalid("metadata is an array", "{\"title\": \"x\", \"metadata\": [1]}", "metadata"),
                invalid("lone surrogate in description", "{\"title\": \"x\", \"description\": \"\\ud800\"}", "description"),
                invalid("status running", "{\"title\": \"x\", \"status\": \"running\"}", "status"),
                invalid("unknown field", "{\"title\": \"x\", \"zz_unknown\": 1}", "zz_unknown"));
        INVALID_FIELDS.put("POST /api/v1/tasks", task);
        INVALID_FIELDS.put("PATCH /api/v1/tasks/{taskId}", task);
        List<Invalid> hook = List.of(
                invalid("target_url is a number", "{\"target_url\": 5, \"event\": \"*\"}", "target_url"),
                invalid("target_url is not http", "{\"target_url\": \"file:///etc/passwd\", \"event\": \"*\"}", "target_url"),
                invalid("target_url is link-local", "{\"target_url\": \"http://169.254.169.254/x\", \"event\": \"*\"}", "target_url"),
                invalid("unknown event", "{\"target_url\": \"http://127.0.0.1:9/x\", \"event\": \"task.exploded\"}", "event"),
                invalid("event is a list", "{\"target_url\": \"http://127.0.0.1:9/x\", \"event\": [\"*\"]}", "event"),
                invalid("unknown field", "{\"target_url\": \"http://127.0.0.1:9/x\", \"event\": \"*\", \"zz_unknown\": 1}",
                        "zz_unknown"));
        INVALID_FIELDS.put("POST /api/v1/hooks", hook);
        List<Invalid> team = List.of(
                invalid("name is a number", "{\"name\": 5}", "name"),
                invalid("unknown mode", "{\"name\": \"x\", \"mode\": \"crew\"}", "mode"),
                invalid("config is a string", "{\"name\": \"x\", \"config\": \"steps\"}", "config"),
                invalid("no steps", "{\"name\": \"x\", \"config\": {\"steps\": []}}", "config.steps"),
                invalid("step without agent", "{\"name\": \"x\", \"config\": {\"steps\": [{\"step_name\": \"a\"}]}}",
                        "config.steps[0].agent_id"),
                invalid("step agent not a uuid", "{\"name\": \"x\", \"config\": {\"steps\": [{\"agent_id\": \"bob\"}]}}",
                        "config.steps[0].agent_id"),
                invalid("step agent unknown", "{\"name\": \"x\", \"config\": {\"steps\": [{\"agent_id\": \""
                        + UUID.randomUUID() + "\"}]}}", "config.steps[0].agent_id"),
                invalid("unknown on_failure", "{\"name\": \"x\", \"config\": {\"steps\": [{\"agent_id\": \""
                        + UUID.randomUUID() + "\", \"on_failure\": \"pray\"}]}}", "config.steps[0].on_failure"),
                invalid("unknown config key", "{\"name\": \"x\", \"config\": {\"steps\": [], \"zz\": 1}}", "config.zz"),
                invalid("NUL in a step name", "{\"name\": \"x\", \"config\": {\"steps\": [{\"agent_id\": \""
                        + UUID.randomUUID() + "\", \"step_name\": \"a\\u0000\"}]}}", "config.steps[0].step_name"),
                invalid("unknown field", "{\"name\": \"x\", \"zz_unknown\": 1}", "zz_unknown"));
        INVALID_FIELDS.put("POST /api/v1/teams", team);
        INVALID_FIELDS.put("PATCH /api/v1/teams/{teamId}", team);
        INVALID_FIELDS.put("PATCH /api/v1/hooks/{hookId}", hook);
        INVALID_FIELDS.put("POST /api/v1/runs", List.of(
                invalid("team_id missing", "{\"input_task\": \"x\"}", "team_id"),
                invalid("team_id not a uuid", "{\"team_id\": \"bob\", \"input_task\": \"x\"}", "team_id"),
                invalid("team_id unknown", "{\"team_id\": \"" + UUID.randomUUID() + "\", \"input_task\": \"x\"}", "team_id"),
                invalid("team_id a number", "{\"team_id\": 5, \"input_task\": \"x\"}", "team_id"),
                invalid("input_task missing", "{\"team_id\": \"" + UUID.randomUUID() + "\"}", "input_task"),
                invalid("input_task a number", "{\"team_id\": \"" + UUID.randomUUID() + "\", \"input_task\": 5}", "input_task"),
                invalid("NUL in input_task", "{\"team_id\": \"" + UUID.randomUUID() + "\", \"input_task\": \"a\\u0000\"}",
                        "input_task"),
                invalid("another workspace", "{\"team_id\": \"" + UUID.randomUUID() + "\", \"input_task\": \"x\", "
                        + "\"workspace_id\": \"" + UUID.randomUUID() + "\"}", "workspace_id"),
                invalid("unknown field", "{\"team_id\": \"" + UUID.randomUUID() + "\", \"input_task\": \"x\", \"zz_unknown\": 1}",
                        "zz_unknown")));
        INVALID_FIELDS.put("POST /api/v1/runs/{runId}/resume", List.of(
                invalid("output a number", "{\"output\": 5}", "output"),
                invalid("output null", "{\"output\": null}", "output"),
                invalid("NUL in output", "{\"output\": \"a\\u0000\"}", "output"),
                invalid("unknown field", "{\"zz_unknown\": 1}", "zz_unknown")));
        INVALID_FIELDS.put("PATCH /api/v1/conversations/{conversationId}", List.of(
                invalid("unknown status", "{\"status\": \"closed\"}", "status"),
                invalid("null status", "{\"status\": null}", "status"),
                invalid("title a number", "{\"title\": 5}", "title"),
                invalid("metadata not an object", "{\"metadata\": \"x\"}", "metadata"),
                invalid("valid title, unknown field", "{\"title\": \"t\", \"agent_id\": \"x\"}", "agent_id")));

        INVALID_FIELDS.put("POST /api/v1/tokens", List.of(
                invalid("name is a number", "{\"name\": 5}", "name"),
                invalid("name is missing", "{\"scopes\": [\"read\"]}", "name"),
                invalid("NUL in name", "{\"name\": \"a\\u0000b\"}", "name"),
                invalid("lone surrogate in name", "{\"name\": \"\\ud800\"}", "name"),
                invalid("scopes is a string", "{\"name\": \"x\", \"scopes\": \"read\"}", "scopes"),
                invalid("scope is a number", "{\"name\": \"x\", \"scopes\": [5]}", "scopes[0]"),
                invalid("unknown scope", "{\"name\": \"x\", \"scopes\": [\"superuser\"]}", "scopes[0]"),
                invalid("lone surrogate in a scope", "{\"name\": \"x\", \"scopes\": [\"\\ud800\"]}", "scopes[0]"),
                invalid("expires_at is a number", "{\"name\": \"x\", \"expires_at\": 7}", "expires_at"),
                invalid("expires_at not a date", "{\"name\": \"x\", \"expires_at\": \"tomorrow\"}", "expires_at"),
                invalid("expires_at month 13", "{\"name\": \"x\", \"expires_at\": \"2099-13-01T00:00:00Z\"}", "expires_at"),
                invalid("expires_at year +300000", "{\"name\": \"x\", \"expires_at\": \"+300000-01-01T00:00:00Z\"}", "expires_at"),
                invalid("expires_at year +10000", "{\"name\": \"x\", \"expires_at\": \"+10000-01-01T00:00:00Z\"}", "expires_at"),
                invalid("expires_at year -300000", "{\"name\": \"x\", \"expires_at\": \"-300000-01-01T00:00:00Z\"}", "expires_at"),
                invalid("unknown field", "{\"name\": \"x\", \"zz_unknown\": 1}", "zz_unknown")));

        INVALID_FIELDS.put("PATCH /api/v1/tokens/{id}", List.of(
                invalid("name is a number", "{\"name\": 5}", "name"),
                invalid("name is null", "{\"name\": null}", "name"),
                invalid("name is blank", "{\"name\": \"  \"}", "name"),
                invalid("NUL in name", "{\"name\": \"a\\u0000b\"}", "name"),
                invalid("lone surrogate in name", "{\"name\": \"\\ud800\"}", "name"),
                invalid("unknown status", "{\"status\": \"paused\"}", "status"),
                invalid("status is a number", "{\"status\": 5}", "status"),
                invalid("valid name, unknown status", "{\"name\": \"x\", \"status\": \"paused\"}", "status"),
                invalid("unknown field", "{\"name\": \"x\", \"zz_unknown\": 1}", "zz_unknown")));

        INVALID_FIELDS.put("PATCH /api/v1/organizations/{orgId}", List.of(
                invalid("name is a number", "{\"name\": 5}", "name"),
                invalid("name is null", "{\"name\": null}", "name"),
                invalid("name is blank", "{\"name\": \" \"}", "name"),
                invalid("NUL in name", "{\"name\": \"a\\u0000b\"}", "name"),
                invalid("lone surrogate in name", "{\"name\": \"\\ud800\"}", "name"),
                invalid("unknown field", "{\"name\": \"x\", \"zz_unknown\": 1}", "zz_unknown")));

        INVALID_FIELDS.put("POST /api/v1/organizations/{orgId}/members", List.of(
                invalid("email is missing", "{\"role\": \"member\"}", "email"),
                invalid("email is a number", "{\"email\": 5}", "email"),
                invalid("email is not an email", "{\"email\": \"not-an-email\"}", "email"),
                invalid("NUL in email", "{\"email\": \"a\\u0000@b.c\"}", "email"),
                invalid("lone surrogate in email", "{\"email\": \"\\ud800@b.c\"}", "email"),
                invalid("unknown role", "{\"email\": \"" + victim() + "\", \"role\": \"god\"}", "role"),
                invalid("role is a number", "{\"email\": \"" + victim() + "\", \"role\": 5}", "role"),
                invalid("NUL in name", "{\"email\": \"" + victim() + "\", \"name\": \"a\\u0000b\"}", "name"),
                invalid("unknown field", "{\"email\": \"" + victim() + "\", \"zz_unknown\": 1}", "zz_unknown")));

        INVALID_FIELDS.put("PATCH /api/v1/organizations/{orgId}/members/{userId}", List.of(
                invalid("role is missing", "{}", "role"),
                invalid("role is null", "{\"role\": null}", "role"),
                invalid("unknown role", "{\"role\": \"god\"}", "role"),
                invalid("role is a number", "{\"role\": 5}", "role"),
                invalid("lone surrogate in role", "{\"role\": \"\\ud800\"}", "role"),
                invalid("unknown field", "{\"role\": \"member\", \"zz_unknown\": 1}", "zz_unknown")));
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

    /**
     * Cursors that parse but name an instant outside the years 1 to 9999 (bare timestamps, and c1.
     * cursors whose microseconds overflow the calendar): refused with a 400 naming {@code cursor},
     * never passed on to the database.
     */
    private static final List<String> OUT_OF_RANGE_CURSORS = List.of(
            "%2B300000-01-01T00:00:00Z",
            "%2B10000-01-01T00:00:00Z",
            "-300000-01-01T00:00:00Z",
            c1Cursor(Long.MIN_VALUE + "|" + UUID.randomUUID()),
            c1Cursor(Long.MAX_VALUE + "|" + UUID.randomUUID()));

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
        JsonNode member = api.post("/api/v1/organizations/" + org.id() + "/members",
                obj("email", "member-" + UUID.randomUUID() + "@it.agentry.test", "role", "member")).expect(201).data();
        String memberUserId = member.path("user_id").asText();
        UUID.fromString(memberUserId);
        assertNotEquals(ownerUserId, memberUserId, "the fixture member is not the owner: " + member);

        String baseId = api.post("/api/v1/bases", obj("name", "sweep base")).expect(201).id();
        String itemId = api.post("/api/v1/bases/" + baseId + "/items", obj("title", "kept", "content", "keep")).expect(201).id();
        new Knowledge(api).awaitReady(baseId, itemId);

        FakeLlmServer.start();
        String conversationId = api.post("/api/v1/chat/" + agentId, obj("message", "keep me")).expect(200).data()
                .path("conversation_id").asText();

        // a task that ran, and a subscription with a delivery of its completion
        String taskId;
        String hookId;
        String deliveryId;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            hookId = api.post("/api/v1/hooks", obj("target_url", receiver.url("sweep"), "event", "task.completed")).expect(201).id();
            taskId = api.post("/api/v1/tasks", obj("title", "sweep task", "assigned_agent_id", agentId)).expect(201).id();
            Tasks.await(api, taskId, 20_000, "completed");
            assertEquals(1, receiver.await("sweep", 1, 10_000).size(), "the task's completion was delivered");
            Api.sleep(300);
            deliveryId = api.listAll("/api/v1/hooks/" + hookId + "/deliveries").get(0).path("id").asText();
        }
        String teamId = api.post("/api/v1/teams", obj("name", "sweep team", "config",
                obj("steps", List.of(obj("agent_id", agentId, "step_name", "only"))))).expect(201).id();
        String runId = Runs.start(api, teamId, "sweep run").path("id").asText();
        Runs.await(api, runId, 20_000, "completed");

        Snapshot before = Snapshot.of(api, org);
        Map<String, String> realIds = new LinkedHashMap<>();
        realIds.put("{id}", agentId);
        realIds.put("{orgId}", org.id().toString());
        realIds.put("{userId}", memberUserId);
        realIds.put("{baseId}", baseId);
        realIds.put("{itemId}", itemId);
        realIds.put("{agentId}", agentId);
        realIds.put("{conversationId}", conversationId);
        realIds.put("{taskId}", taskId);
        realIds.put("{hookId}", hookId);
        realIds.put("{deliveryId}", deliveryId);
        realIds.put("{teamId}", teamId);
        realIds.put("{runId}", runId);

        List<Endpoint> endpoints = endpoints();
        assertTrue(endpoints.size() > 60, "the sweep's endpoints come from /openapi: " + endpoints.size());
        for (Endpoint endpoint : endpoints) {
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
                // one fault in a field this endpoint knows: that field's validator refuses it and names it
                for (Invalid invalid : INVALID_FIELDS.getOrDefault(endpoint.method() + " " + endpoint.template(), List.of())) {
                    check(endpoint, "invalid " + invalid.field() + ": " + invalid.label(),
                            api.call(endpoint.method(), realPath).body(invalid.body()), 400, invalid.field());
                }
                byte[] huge = ("{\"name\": \"" + "x".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8);
                check(endpoint, "body over the limit", api.call(endpoint.method(), realPath).body(huge), 413);
                // without Content-Length the limit trips while the resource reads; organization endpoints may refuse
                // a non-system caller first (403), so only agents and tokens must say 413 here
                boolean readsFirst = endpoint.template().contains("/agents") || endpoint.template().contains("/tokens")
                        || endpoint.template().contains("/bases") || endpoint.template().contains("/chat/")
                        || endpoint.template().contains("/conversations/") || endpoint.template().contains("/tasks")
                        || endpoint.template().contains("/hooks") || endpoint.template().contains("/teams")
                        || endpoint.template().contains("/runs");
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
                for (String placeholder : realIds.keySet()) {
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
                // (an encoded control character may be refused by the web container first: no field required then)
                for (String limit : BAD_LIMITS) {
                    boolean app = !limit.contains("%0");
                    check(endpoint, "limit=" + limit, api.call("GET", realPath + "?limit=" + limit),
                            app ? 400 : -1, app ? "limit" : null);
                }
                for (String cursor : BAD_CURSORS) {
                    boolean app = !cursor.contains("%0");
                    check(endpoint, "cursor=" + abbreviate(cursor), api.call("GET", realPath + "?cursor=" + cursor),
                            app ? 400 : -1, app ? "cursor" : null);
                }
                for (String cursor : OUT_OF_RANGE_CURSORS) {
                    check(endpoint, "out-of-range cursor=" + abbreviate(cursor),
                            api.call("GET", realPath + "?cursor=" + cursor), 400, "cursor");
                    check(endpoint, "out-of-range cursor=" + abbreviate(cursor) + " with limit=1",
                            api.call("GET", realPath + "?limit=1&cursor=" + cursor), 400, "cursor");
                }
                check(endpoint, "limit and cursor bad", api.call("GET", realPath + "?limit=-5&cursor=zz"));
                check(endpoint, "Accept: text/html with bad limit", api.call("GET", realPath + "?limit=zero")
                        .header("Accept", "text/html"));
                if (endpoint.template().endsWith("/agents")) {
                    Map<String, String> filters = new LinkedHashMap<>();
                    filters.put("status=sleeping", "status");
                    filters.put("provider=skynet", "provider");
                    filters.put("is_marketplace=maybe", "is_marketplace");
                    filters.put("tag=a*b", "tag");
                    filters.put("tag=" + "t".repeat(65), "tag");
                    filters.put("status=", null);
                    for (Map.Entry<String, String> filter : filters.entrySet()) {
                        check(endpoint, filter.getKey(), api.call("GET", realPath + "?" + filter.getKey()),
                                filter.getValue() == null ? -1 : 400, filter.getValue());
                    }
                }
                if (endpoint.template().endsWith("/tokens")) {
                    check(endpoint, "status=paused", api.call("GET", realPath + "?status=paused"), 400, "status");
                }
                if (endpoint.template().endsWith("/tasks")) {
                    check(endpoint, "status=sleeping", api.call("GET", realPath + "?status=sleeping"), 400, "status");
                    check(endpoint, "priority=asap", api.call("GET", realPath + "?priority=asap"), 400, "priority");
                    check(endpoint, "assigned_agent_id=x", api.call("GET", realPath + "?assigned_agent_id=x"), 400, "assigned_agent_id");
                    check(endpoint, "assigned_team_id=1", api.call("GET", realPath + "?assigned_team_id=1"), 400, "assigned_team_id");
                }
                if (endpoint.template().endsWith("/teams")) {
                    check(endpoint, "mode=crew", api.call("GET", realPath + "?mode=crew"), 400, "mode");
                }
                if (endpoint.template().endsWith("/hooks") || endpoint.template().endsWith("/deliveries")) {
                    check(endpoint, "status=lost", api.call("GET", realPath + "?status=lost"), 400, "status");
                }
            }

            // 3b. the legacy tables' query language: each fault refused with PostgREST's code, nothing changed
            if (endpoint.template().startsWith("/rest/v1/") && !endpoint.template().contains("/rpc/")) {
                for (Map.Entry<String, Integer> q : LEGACY_QUERIES.entrySet()) {
                    check(endpoint, "legacy " + q.getKey(), withBody(endpoint, api.call(endpoint.method(), realPath + "?" + q.getKey())),
                            q.getValue());
                }
                for (String range : List.of("9-1", "x", "-5", "1-2-3", "99999999999-")) {
                    check(endpoint, "Range " + range, withBody(endpoint, api.call(endpoint.method(), realPath + "?id=eq." + UUID.randomUUID())
                            .header("Range", range)), endpoint.method().equals("GET") ? 416 : -1);
                }
                check(endpoint, "Accept text/csv", withBody(endpoint, api.call(endpoint.method(), realPath + "?id=eq." + UUID.randomUUID())
                        .header("Accept", "text/csv")), -1);
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

        // organization creation with a system token: each bad request is a 400 naming the field and creates nothing
        String marker = "it-sweep-org-" + UUID.randomUUID().toString().substring(0, 8);
        Endpoint orgCreate = new Endpoint("POST", "/api/v1/organizations (system)", true, false);
        Api system = Api.bootstrap();
        List<Invalid> systemCases = List.of(
                invalid("unknown plan", Api.toJson(obj("name", marker, "plan", "gold")), "plan"),
                invalid("plan is a number", Api.toJson(obj("name", marker, "plan", 3)), "plan"),
                invalid("rate limit 0", Api.toJson(obj("name", marker, "plan", "free", "rate_limit_per_minute", 0)), "rate_limit_per_minute"),
                invalid("rate limit -5", Api.toJson(obj("name", marker, "plan", "free", "rate_limit_per_minute", -5)), "rate_limit_per_minute"),
                invalid("rate limit is a string", Api.toJson(obj("name", marker, "plan", "free", "rate_limit_per_minute", "fast")),
                        "rate_limit_per_minute"),
                invalid("rate limit 1e400", "{\"name\": \"" + marker + "\", \"plan\": \"free\", \"rate_limit_per_minute\": 1e400}",
                        "rate_limit_per_minute"),
                invalid("rate limit 2.5", "{\"name\": \"" + marker + "\", \"plan\": \"free\", \"rate_limit_per_minute\": 2.5}",
                        "rate_limit_per_minute"),
                invalid("owner_email not an email", Api.toJson(obj("name", marker, "owner_email", "not-an-email")), "owner_email"),
                invalid("NUL in owner_email", "{\"name\": \"" + marker + "\", \"owner_email\": \"a\\u0000@b.c\"}", "owner_email"),
                invalid("NUL in owner_name", "{\"name\": \"" + marker + "\", \"owner_name\": \"a\\u0000b\"}", "owner_name"),
                invalid("unknown field", Api.toJson(obj("name", marker, "plan", "free", "zz_unknown", 1)), "zz_unknown"),
                invalid("blank name", Api.toJson(obj("name", "", "plan", "free")), "name"),
                invalid("NUL in name", "{\"name\": \"" + marker + "\\u0000\", \"plan\": \"free\"}", "name"),
                invalid("lone surrogate in name", "{\"name\": \"" + marker + "\\ud800\", \"plan\": \"free\"}", "name"),
                invalid("array", "[{\"name\": \"" + marker + "\"}]", null),
                invalid("truncated", "{\"name\": \"" + marker + "\"", null));
        for (Invalid invalid : systemCases) {
            check(orgCreate, "system: " + invalid.label() + ": " + abbreviate(invalid.body()),
                    system.call("POST", "/api/v1/organizations").body(invalid.body()), 400, invalid.field());
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
        assertEquals(0, Api.countRows("select count(*) from organizations where name like ?", marker + "%"),
                "no organization was created by a refused request");
        assertEquals(0, Api.countRows("select count(*) from agents where organization_id = ? and name <> 'sweep target'", org.id()),
                "no agent was created by a refused request");
    }

    private static final java.security.KeyPair OTHER_KEY = Jwt.otherKeyPair();

    // ------------------------------------------------------------------ checking

    private void check(Endpoint endpoint, String label, Api.Call call) {
        check(endpoint, label, call, -1, null);
    }

    private void check(Endpoint endpoint, String label, Api.Call call, int expected) {
        check(endpoint, label, call, expected, null);
    }

    /** error.code the API uses for each status (ApiException and the exception mappers). */
    private static final Map<Integer, String> ERROR_CODES = Map.of(
            400, "bad_request",
            401, "unauthorized",
            403, "forbidden",
            404, "not_found",
            413, "payload_too_large",
            429, "rate_limit_exceeded");

    /**
     * Sends the request and records a failure unless it is a clean 4xx: {@code expected} (when > 0) is
     * the required status, and an error from the application must carry the status's error.code
     * (bad_request for a 400). {@code expectedField} (when not null) must be named by error.field of
     * an application JSON error: then a bare container answer is a failure too.
     */
    private void check(Endpoint endpoint, String label, Api.Call call, int expected, String expectedField) {
        requests++;
        String where = endpoint.method() + " " + endpoint.template() + " [" + label + "]";
        Api.Resp r;
        try {
            r = call.sendOrThrow();
            // the bootstrap organization may be throttled by other tests: wait that out when a status is required
            for (int attempt = 0; r.status() == 429 && expected > 0 && expected != 429 && attempt < 3; attempt++) {
                Api.sleep(retryAfterMillis(r));
                r = call.sendOrThrow();
            }
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
            JsonNode json;
            try {
                json = r.json();
            } catch (AssertionError notJson) {
                failures.add(where + ": JSON content type but not JSON, " + r.describe());
                return;
            }
            JsonNode error = json.path("error");
            if (endpoint.template().startsWith("/rest/v1/")) {
                // the legacy API answers in PostgREST's shape: {code, message, details, hint}, the field in details
                if (!json.path("code").isTextual() || !json.path("message").isTextual() || !json.has("details") || !json.has("hint")) {
                    failures.add(where + ": legacy error without {code, message, details, hint}, " + r.describe());
                } else if (expectedField != null && !expectedField.equals(json.path("details").asText(null))) {
                    failures.add(where + ": details should name '" + expectedField + "', " + r.describe());
                }
            } else if (json.path("error_message").asText().startsWith("CWWWC0005I")) {
                // Liberty's web container refuses URIs with encoded control characters before any
                // application code runs; it is a 400 that names the problem, in the server's own shape.
                warnings.add(where + ": rejected by the web container, " + r.describe());
                if (expectedField != null) {
                    failures.add(where + ": expected the application's 400 naming '" + expectedField
                            + "', got the web container's, " + r.describe());
                }
            } else if (!error.path("code").isTextual() || !error.path("message").isTextual()) {
                failures.add(where + ": JSON error without {error: {code, message}}, " + r.describe());
            } else {
                String expectedCode = ERROR_CODES.get(r.status());
                if (expectedCode != null && !expectedCode.equals(error.path("code").asText())) {
                    failures.add(where + ": error.code should be " + expectedCode + " for HTTP " + r.status() + ", "
                            + r.describe());
                }
                if (expectedField != null && !expectedField.equals(error.path("field").asText(null))) {
                    failures.add(where + ": error.field should be '" + expectedField + "', " + r.describe());
                }
            }
        } else {
            warnings.add(where + ": error without a JSON body (Content-Type " + type + "), " + r.describe());
            if (expectedField != null) {
                failures.add(where + ": expected a JSON 400 naming '" + expectedField + "', " + r.describe());
            }
        }
    }

    private static long retryAfterMillis(Api.Resp r) {
        long seconds = 5;
        try {
            seconds = Long.parseLong(r.header("Retry-After").trim());
        } catch (RuntimeException ignored) {
            // no or odd Retry-After: keep the default
        }
        return Math.min(65, Math.max(1, seconds)) * 1000L;
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
        if (t.contains("/chat/")) {
            return obj("message", "idempotency-key victim");
        }
        if (t.endsWith("/tasks")) {
            return obj("title", "idempotency-key victim");
        }
        if (t.endsWith("/hooks")) {
            return obj("target_url", "http://127.0.0.1:9/victim", "event", "task.completed");
        }
        if (t.endsWith("/teams")) {
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

    /** A cursor in the server's c1. format (base64url without padding of "micros|uuid") for any payload. */
    private static String c1Cursor(String payload) {
        return "c1." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static String victim() {
        return "victim-" + UUID.randomUUID() + "@it.agentry.test";
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
                    long agentRows, long tokenRows, long memberRows, Map<String, String> bases, long itemRows,
                    Map<String, String> conversations, long messageRows, long usageRows, JsonNode providers,
                    long providerRows, Map<String, String> tasks, long jobRows, Map<String, String> hooks, long deliveryRows,
                    Map<String, String> teams, long teamMemberRows, Map<String, String> runs, long runMessageRows) {

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
                    Api.countRows("select count(*) from memberships where organization_id = ?", org.id()),
                    api.listAll("/api/v1/bases").stream().collect(Collectors.toMap(b -> b.path("id").asText(),
                            b -> b.path("name").asText() + "|" + b.path("chunk_size").asText() + "|" + b.path("updated_at").asText()
                                    + "|" + b.path("item_count").asText(), (x, y) -> x, TreeMap::new)),
                    Api.countRows("select count(*) from knowledge_items where organization_id = ?", org.id()),
                    api.listAll("/api/v1/conversations").stream().collect(Collectors.toMap(c -> c.path("id").asText(),
                            c -> c.path("title").asText() + "|" + c.path("status").asText() + "|" + c.path("metadata")
                                    + "|" + c.path("message_count").asText() + "|" + c.path("updated_at").asText(),
                            (x, y) -> x, TreeMap::new)),
                    Api.countRows("select count(*) from messages where organization_id = ?", org.id()),
                    Api.countRows("select count(*) from usage_records where organization_id = ?", org.id()),
                    api.get("/api/v1/providers").expect(200).json(),
                    Api.countRows("select count(*) from provider_credentials where organization_id = ?", org.id()),
                    api.listAll("/api/v1/tasks").stream().collect(Collectors.toMap(t -> t.path("id").asText(),
                            t -> t.path("title").asText() + "|" + t.path("status").asText() + "|" + t.path("attempts").asText()
                                    + "|" + t.path("updated_at").asText(), (x, y) -> x, TreeMap::new)),
                    Api.countRows("select count(*) from jobs where organization_id = ?", org.id()),
                    api.listAll("/api/v1/hooks").stream().collect(Collectors.toMap(h -> h.path("id").asText(),
                            h -> h.toString(), (x, y) -> x, TreeMap::new)),
                    Api.countRows("select count(*) from webhook_deliveries where organization_id = ?", org.id()),
                    api.listAll("/api/v1/teams").stream().collect(Collectors.toMap(t -> t.path("id").asText(),
                            t -> t.toString(), (x, y) -> x, TreeMap::new)),
                    Api.countRows("select count(*) from team_members m join teams t on t.id = m.team_id "
                            + "where t.organization_id = ?", org.id()),
                    api.listAll("/api/v1/runs").stream().collect(Collectors.toMap(r -> r.path("id").asText(),
                            r -> r.toString(), (x, y) -> x, TreeMap::new)),
                    Api.countRows("select count(*) from team_run_messages m join team_runs r on r.id = m.run_id "
                            + "where r.organization_id = ?", org.id()));
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
            assertEquals(bases, after.bases, "knowledge bases changed (created, edited, deleted, items added)");
            assertEquals(itemRows, after.itemRows, "knowledge item rows in the database");
            assertEquals(conversations, after.conversations, "conversations changed");
            assertEquals(messageRows, after.messageRows, "message rows in the database (a chat was answered)");
            assertEquals(usageRows, after.usageRows, "usage rows in the database (a model was called)");
            assertEquals(providers, after.providers, "provider settings changed");
            assertEquals(providerRows, after.providerRows, "provider settings rows in the database");
            assertEquals(tasks, after.tasks, "tasks changed (created, edited, cancelled, retried or deleted)");
            assertEquals(jobRows, after.jobRows, "jobs were queued");
            assertEquals(hooks, after.hooks, "webhook subscriptions changed");
            assertEquals(deliveryRows, after.deliveryRows, "webhook deliveries were queued");
            assertEquals(teams, after.teams, "teams changed (created, edited or deleted)");
            assertEquals(teamMemberRows, after.teamMemberRows, "team member rows in the database");
            assertEquals(runs, after.runs, "runs changed (started, cancelled or resumed)");
            assertEquals(runMessageRows, after.runMessageRows, "run messages in the database");
        }
    }
}
