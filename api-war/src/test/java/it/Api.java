package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Small black-box client for the integration tests: one request at a time over
 * {@link java.net.http.HttpClient}, JSON through Jackson, plus helpers that create a fresh
 * organization per test class (with the bootstrap token) and open the PostgreSQL database.
 *
 * <p>An {@code Api} is immutable: {@link #v2()}, {@link #withToken}, {@link #withHeader} return
 * copies. Requests never retry (tests want to see every status), except organization creation,
 * which waits out a 429 of the bootstrap organization.
 */
public final class Api {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String base;
    private final String token;
    private final boolean apiKeyHeader;
    private final Map<String, String> headers;

    private Api(String base, String token, boolean apiKeyHeader, Map<String, String> headers) {
        this.base = stripSlash(base);
        this.token = token;
        this.apiKeyHeader = apiKeyHeader;
        this.headers = Map.copyOf(headers);
    }

    // ---------------------------------------------------------------- configuration

    public static String baseUrl() {
        return System.getProperty("agentry.it.baseUrl", "http://localhost:19080");
    }

    /** A second instance on the same PostgreSQL database as {@link #baseUrl()}. */
    public static String secondBaseUrl() {
        return System.getProperty("agentry.it.secondBaseUrl", "http://localhost:19082");
    }

    public static String h2BaseUrl() {
        return System.getProperty("agentry.it.h2BaseUrl", "http://localhost:19081");
    }

    private static volatile String bootstrapToken;

    /** The test servers' bootstrap token: the build makes one per run (src/test/liberty/write-env.sh). */
    public static String bootstrapToken() {
        String token = bootstrapToken;
        if (token == null) {
            String file = System.getProperty("agentry.it.bootstrapTokenFile");
            assertNotNull(file, "system property agentry.it.bootstrapTokenFile is not set (run through failsafe)");
            try {
                token = Files.readString(Path.of(file)).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the test servers' bootstrap token", e);
            }
            bootstrapToken = token;
        }
        return token;
    }

    /** A client for the PostgreSQL-backed server. */
    public static Api at(String token) {
        return new Api(baseUrl(), token, false, Map.of());
    }

    /** A client for any server. */
    public static Api at(String base, String token) {
        return new Api(base, token, false, Map.of());
    }

    /** The bootstrap owner's admin + system token on the PostgreSQL-backed server. */
    public static Api bootstrap() {
        return at(bootstrapToken());
    }

    public Api withToken(String newToken) {
        return new Api(base, newToken, apiKeyHeader, headers);
    }

    /** Sends the credential as {@code X-API-Key} instead of {@code Authorization: Bearer}. */
    public Api viaApiKeyHeader() {
        return new Api(base, token, true, headers);
    }

    public Api anonymous() {
        return new Api(base, null, false, headers);
    }

    public Api withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Api(base, token, apiKeyHeader, copy);
    }

    /** Asks for the {@code {"data", "meta"}} envelope. */
    public Api v2() {
        return withHeader("X-API-Version", "2");
    }

    public String base() {
        return base;
    }

    public String token() {
        return token;
    }

    // ---------------------------------------------------------------- requests

    public Resp get(String path) {
        return call("GET", path).send();
    }

    public Resp delete(String path) {
        return call("DELETE", path).send();
    }

    /** {@code body}: a String or byte[] is sent as is, anything else is serialized to JSON. */
    public Resp post(String path, Object body) {
        return call("POST", path).body(body).send();
    }

    public Resp patch(String path, Object body) {
        return call("PATCH", path).body(body).send();
    }

    public Resp put(String path, Object body) {
        return call("PUT", path).body(body).send();
    }

    public Call call(String method, String path) {
        return new Call(method, path);
    }

    /** A request being built; {@link #send()} performs it. */
    public final class Call {
        private final String method;
        private final String path;
        private final Map<String, String> extra = new LinkedHashMap<>(headers);
        private byte[] body;
        private boolean chunked;
        private boolean auth = true;
        private boolean contentTypeSet;

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Call header(String name, String value) {
            extra.put(name, value);
            if (name.equalsIgnoreCase("Content-Type")) {
                contentTypeSet = true;
            }
            return this;
        }

        public Call body(Object value) {
            if (value == null) {
                this.body = null;
            } else if (value instanceof byte[] bytes) {
                this.body = bytes;
            } else if (value instanceof String text) {
                this.body = text.getBytes(StandardCharsets.UTF_8);
            } else {
                this.body = toJson(value).getBytes(StandardCharsets.UTF_8);
            }
            return this;
        }

        /** Sends the body without Content-Length (Transfer-Encoding: chunked). */
        public Call chunked() {
            this.chunked = true;
            return this;
        }

        /** No credential header at all (other headers stay). */
        public Call noAuth() {
            this.auth = false;
            return this;
        }

        public Resp send() {
            try {
                return sendOrThrow();
            } catch (IOException e) {
                throw new AssertionError(method + " " + path + " failed with I/O error: " + e, e);
            }
        }

        /** Like {@link #send()} but lets I/O errors through (the sweep records them). */
        public Resp sendOrThrow() throws IOException {
            URI uri = URI.create(base + path);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
            if (auth && token != null) {
                if (apiKeyHeader) {
                    request.header("X-API-Key", token);
                } else {
                    request.header("Authorization", "Bearer " + token);
                }
            }
            for (Map.Entry<String, String> h : extra.entrySet()) {
                request.header(h.getKey(), h.getValue());
            }
            HttpRequest.BodyPublisher publisher;
            if (body == null) {
                publisher = HttpRequest.BodyPublishers.noBody();
            } else {
                if (!contentTypeSet && !hasHeader(extra, "Content-Type")) {
                    request.header("Content-Type", "application/json");
                }
                byte[] bytes = body;
                publisher = chunked
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                        : HttpRequest.BodyPublishers.ofByteArray(bytes);
            }
            request.method(method, publisher);
            try {
                HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Resp(method, uri, response.statusCode(), response.headers(),
                        new String(response.body(), StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private static boolean hasHeader(Map<String, String> map, String name) {
        return map.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
    }

    // ---------------------------------------------------------------- responses

    /** A response, with assertion helpers that print the request and body on failure. */
    public record Resp(String method, URI uri, int status, HttpHeaders headers, String body) {

        public Resp expect(int expected) {
            if (status != expected) {
                fail("expected HTTP " + expected + " for " + describe());
            }
            return this;
        }

        /** Asserts the error status and {@code error.code} (in the v1 or v2 error shape). */
        public Resp expectError(int expectedStatus, String expectedCode) {
            expect(expectedStatus);
            JsonNode error = json().path("error");
            assertTrue(error.isObject(), "error object missing in " + describe());
            assertEquals(expectedCode, error.path("code").asText(null), "error.code of " + describe());
            assertTrue(error.hasNonNull("message") && !error.path("message").asText().isBlank(),
                    "error.message missing in " + describe());
            return this;
        }

        /** Asserts a 400 whose {@code error.field} names {@code field}. */
        public Resp expectInvalid(String field) {
            expectError(400, "bad_request");
            assertEquals(field, json().path("error").path("field").asText(null),
                    "error.field should name the culprit in " + describe());
            return this;
        }

        public String describe() {
            String shown = body.length() > 2000 ? body.substring(0, 2000) + "...(" + body.length() + " chars)" : body;
            return method + " " + uri + " -> " + status + " " + shown;
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String requireHeader(String name) {
            String value = header(name);
            assertNotNull(value, "header " + name + " missing in " + describe());
            return value;
        }

        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("response is not JSON: " + describe(), e);
            }
        }

        /** The payload: {@code data} of a v2 envelope, else the raw body. */
        public JsonNode data() {
            JsonNode json = json();
            return json.has("data") && json.has("meta") ? json.get("data") : json;
        }

        /** Items of a list in either version (raw array in v1, data.items in v2). */
        public List<JsonNode> items() {
            JsonNode json = json();
            JsonNode array = json.isArray() ? json : json.path("data").path("items");
            assertTrue(array.isArray(), "expected a list in " + describe());
            List<JsonNode> list = new ArrayList<>();
            array.forEach(list::add);
            return list;
        }

        public List<String> ids() {
            return items().stream().map(n -> n.path("id").asText()).toList();
        }

        public String id() {
            return data().path("id").asText();
        }
    }

    // ---------------------------------------------------------------- lists

    /** Every item of a list endpoint, following the v1 X-Next-Cursor header to the end. */
    public List<JsonNode> listAll(String path) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 1000; page++) {
            String url = path + (path.contains("?") ? "&" : "?") + "limit=100"
                    + (cursor == null ? "" : "&cursor=" + enc(cursor));
            Resp r = get(url).expect(200);
            all.addAll(r.items());
            cursor = r.header("X-Next-Cursor");
            if (cursor == null) {
                return all;
            }
        }
        throw new AssertionError("list " + path + " did not end after 1000 pages");
    }

    public List<String> listAllIds(String path) {
        return listAll(path).stream().map(n -> n.path("id").asText()).toList();
    }

    // ---------------------------------------------------------------- agents

    public JsonNode createAgent(String name, Object... extraFields) {
        Map<String, Object> body = obj(extraFields);
        body.put("name", name);
        Resp r = post("/api/v1/agents", body).expect(201);
        return r.data();
    }

    // ---------------------------------------------------------------- organizations

    /** A fresh organization with its owner's admin token. */
    public record Org(UUID id, String name, String ownerToken, String ownerTokenId, String ownerUserId, JsonNode created) {

        public Api api() {
            return Api.at(ownerToken);
        }

        /** The owner's email as the creation response reported it (required). */
        public String ownerEmail() {
            JsonNode email = created.path("owner").path("email");
            assertTrue(email.isTextual() && !email.asText().isBlank(), "owner.email missing in the creation response: " + created);
            return email.asText();
        }
    }

    /** Creates an organization with a very high rate limit so tests are never throttled. */
    public static Org createOrg(String label) {
        return createOrg(label, 100_000);
    }

    public static Org createOrg(String label, Integer rateLimitPerMinute) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String name = "it-" + label + "-" + suffix;
        Map<String, Object> body = obj(
                "name", name,
                "plan", "team",
                "owner_email", "owner-" + suffix + "-" + UUID.randomUUID().toString().substring(0, 4) + "@it.agentry.test",
                "owner_name", "Owner of " + name);
        if (rateLimitPerMinute != null) {
            body.put("rate_limit_per_minute", rateLimitPerMinute);
        }
        Api bootstrap = bootstrap();
        Resp r = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            r = bootstrap.post("/api/v1/organizations", body);
            if (r.status() != 429) {
                break;
            }
            long wait = 5;
            try {
                wait = Long.parseLong(r.header("Retry-After"));
            } catch (RuntimeException ignored) {
                // keep the default
            }
            sleep(Math.min(65, Math.max(1, wait)) * 1000L);
        }
        r.expect(201);
        JsonNode created = r.data();
        JsonNode org = created.path("organization");
        JsonNode token = created.path("token");
        assertTrue(org.hasNonNull("id"), "organization.id missing in " + r.describe());
        assertTrue(token.hasNonNull("token"), "token.token (the owner's secret) missing in " + r.describe());
        // the owner token's id and the owner's user id are required: tests use them without null checks
        String ownerTokenId = requireUuid(token.path("id"), "token.id (the owner token's id)", r);
        String ownerUserId = requireUuid(created.path("owner").path("user_id"), "owner.user_id", r);
        return new Org(UUID.fromString(org.get("id").asText()), name, token.get("token").asText(),
                ownerTokenId, ownerUserId, created);
    }

    private static String requireUuid(JsonNode value, String what, Resp r) {
        assertTrue(value.isTextual(), what + " missing in " + r.describe());
        try {
            UUID.fromString(value.asText());
            return value.asText();
        } catch (IllegalArgumentException e) {
            throw new AssertionError(what + " is not a UUID in " + r.describe(), e);
        }
    }

    // ---------------------------------------------------------------- database

    public static Connection db() throws SQLException {
        String url = System.getProperty("agentry.it.dbUrl", "jdbc:postgresql://127.0.0.1:5432/agentry_test");
        return DriverManager.getConnection(url, System.getProperty("agentry.it.dbUser", "agentry"),
                System.getProperty("agentry.it.dbPassword", "agentry"));
    }

    public static long countRows(String sql, Object... params) {
        try (Connection c = db(); var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (var rs = statement.executeQuery()) {
                assertTrue(rs.next(), "no row from " + sql);
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError("SQL failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- small utilities

    /** An insertion-ordered map from key/value pairs; null values are kept (serialized as JSON null). */
    public static Map<String, Object> obj(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("obj() needs key/value pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static ObjectNode parseObject(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A well-formed but (with overwhelming probability) unknown token. */
    public static String randomToken() {
        return "pk_" + (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    public static String unique(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
