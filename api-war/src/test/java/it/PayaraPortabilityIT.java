package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same WAR on another Jakarta EE 10 server: Payara Micro 6, started here as an operator would
 * (a {@code jdbc/agentry} pool from a post-boot command file, the PostgreSQL driver added, the
 * settings in the environment), on a database of its own. Tokens, agents, a chat with a local
 * model, knowledge ingestion and search, a task announced by a webhook, OpenAPI and health.
 */
class PayaraPortabilityIT {

    private static final int PORT = Integer.getInteger("agentry.it.payaraPort", 19280);
    private static final String DATABASE = "agentry_payara";

    private static Process payara;
    private static Path log;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        assertFalse(System.getProperty("agentry.it.payaraJar", "").isEmpty(), "agentry.it.payaraJar is set by the build");
        FakeLlmServer.start();
        Path root = Path.of(System.getProperty("agentry.it.projectRoot"));
        Path work = Path.of(System.getProperty("agentry.it.workDir"), "payara");
        // a fresh root: one left by an earlier run would deploy its copy of the WAR beside this one
        if (Files.exists(work)) {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Files.createDirectories(work);
        run(root, Map.of("AGENTRY_TEST_DB", DATABASE), "bash", "db/setup-postgres.sh", "--reset");

        Path postBoot = work.resolve("post-boot.asadmin");
        Files.writeString(postBoot, String.join("\n",
                "create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource "
                        + "--property serverName=127.0.0.1:portNumber=5432:databaseName=" + DATABASE
                        + ":user=agentry:password=agentry agentryPool",
                "create-jdbc-resource --connectionpoolid agentryPool jdbc/agentry", ""));
        String token = Api.randomToken();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("agentry.it.payaraJar"), "--nocluster", "--port", String.valueOf(PORT),
                "--rootdir", work.resolve("root").toString(),
                "--addlibs", System.getProperty("agentry.it.postgresJar"), "--postbootcommandfile", postBoot.toString(),
                "--deploy", System.getProperty("agentry.it.war"), "--contextroot", "/");
        Map<String, String> env = builder.environment();
        env.put("AGENTRY_BOOTSTRAP_TOKEN", token);
        env.put("AGENTRY_OUTBOUND_ALLOW_LOOPBACK", "true");
        env.put("AGENTRY_OPENAI_BASE_URL", "http://127.0.0.1:19510/openai/v1");
        env.put("AGENTRY_OPENAI_API_KEY", "sk-fake-openai");
        env.put("AGENTRY_WEBHOOKS_RETRY_SCHEDULE", "200ms,400ms,800ms");
        byte[] secretsKey = new byte[32];
        new java.security.SecureRandom().nextBytes(secretsKey);
        env.put("AGENTRY_SECRETS_KEY", java.util.Base64.getEncoder().encodeToString(secretsKey)); // made per run
        log = work.resolve("payara.log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        payara = builder.start();

        String base = "http://127.0.0.1:" + PORT;
        long deadline = System.currentTimeMillis() + 240_000;
        while (true) {
            if (!payara.isAlive()) {
                throw new AssertionError("Payara Micro ended (" + payara.exitValue() + "):\n" + tail());
            }
            try {
                if (Api.at(base, null).get("/health/ready").status() == 200) {
                    break;
                }
            } catch (AssertionError | RuntimeException notYet) {
                // not listening yet
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Payara Micro did not become ready:\n" + tail());
            }
            Api.sleep(500);
        }
        api = Api.at(base, token);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (payara != null) {
            payara.destroy();
            if (!payara.waitFor(60, TimeUnit.SECONDS)) {
                payara.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void tokensAgentsOpenApiAndHealth() {
        JsonNode created = api.post("/api/v1/tokens", obj("name", "on payara", "scopes", List.of("agents:read"))).expect(201).data();
        Api reader = Api.at(api.base(), created.path("token").asText());
        String agent = api.createAgent("Code Reviewer", "model", "gpt-4o-mini", "temperature", 0.3).path("id").asText();
        JsonNode listed = reader.get("/api/v1/agents").expect(200).items().get(0);
        assertEquals(agent, listed.path("id").asText());
        assertTrue(listed.has("workspace_id") && listed.has("is_marketplace"), "the API's own JSON, not the server's: " + listed);
        reader.post("/api/v1/agents", obj("name", "not allowed")).expectError(403, "forbidden");
        api.post("/api/v1/tokens/" + created.path("id").asText() + "/revoke", null).expect(200);
        assertEquals(401, reader.get("/api/v1/agents").status());
        assertEquals(2, api.v2().get("/api/v1/agents/" + agent).expect(200).json().path("meta").path("api_version").asInt());
        assertEquals(List.of(agent), api.get("/rest/v1/agents?select=id&id=eq." + agent).expect(200).ids());
        api.get("/api/v1/agents/nope").expectInvalid("id");

        JsonNode document = Api.at(api.base(), null).get("/openapi?format=JSON").expect(200).json();
        for (String path : List.of("/api/v1/agents", "/api/v1/tasks", "/functions/v1/api-agents", "/rest/v1/agents")) {
            assertTrue(document.path("paths").has(path), path + " documented");
        }
        JsonNode health = Api.at(api.base(), null).get("/health").expect(200).json();
        assertEquals("UP", health.path("status").asText(), health.toString());
    }

    @Test
    void aChatWithALocalModel() {
        String agent = ChatIT.agent(api, "openai");
        String text = Api.unique("hello payara");
        JsonNode reply = api.post("/api/v1/chat/" + agent, obj("message", text)).expect(200).data();
        assertEquals("Echo: " + text + " (2 messages)", reply.path("reply").asText(), reply.toString());
        assertEquals(20, reply.path("usage").path("prompt_tokens").asInt());
        String conversation = reply.path("conversation_id").asText();
        assertEquals(2, api.get("/api/v1/conversations/" + conversation + "/messages").expect(200).items().size());
    }

    @Test
    void knowledgeIsIngestedAndSearched() {
        Knowledge knowledge = new Knowledge(api);
        String base = knowledge.createBase("payara base");
        String item = knowledge.addText(base, "Refunds", "Refunds are paid within fourteen days of a return.");
        knowledge.awaitReady(base, item);
        JsonNode results = api.post("/api/v1/bases/" + base + "/query", obj("query", "how long do refunds take")).expect(200).data();
        assertTrue(results.toString().contains("fourteen days"), results.toString());
    }

    @Test
    void aTaskCompletesAndItsWebhookIsDelivered() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            api.post("/api/v1/hooks", obj("target_url", receiver.url("payara"), "event", "task.completed")).expect(201);
            String agent = ChatIT.agent(api, "openai");
            String task = api.post("/api/v1/tasks", obj("title", "Review PR #42", "assigned_agent_id", agent)).expect(201).id();
            JsonNode done = Tasks.await(api, task, 30_000, "completed", "failed");
            assertEquals("completed", done.path("status").asText(), done.toString());
            List<WebhookReceiver.Received> delivered = receiver.await("payara", 1, 30_000);
            assertEquals(1, delivered.size());
            assertTrue(delivered.get(0).body().contains(task), delivered.get(0).body());
            assertTrue(delivered.get(0).header("webhook-signature") != null, "signed: " + delivered.get(0).headers());
            Api.sleep(500);
            assertEquals(1, receiver.await("payara", 1, 1_000).size(), "delivered once");
        }
    }

    private static void run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ":\n" + output);
    }

    private static String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
