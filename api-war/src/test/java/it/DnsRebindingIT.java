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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: a host name that passed the checks when its URL was saved (and served) later
 * resolves to 0.0.0.0, which on Linux reaches whatever listens on the local host and which no
 * setting lets the server call. The name lives in /etc/hosts (the test rewrites its own line
 * there; the test servers cache names for 1 s, see postgres-server.env); first it resolves to
 * 127.0.0.1, which the test servers may call. Every outbound client must judge the address it
 * connects to, not the one seen at saving: webhooks, an organization's provider base URL, a
 * base's embedding URL.
 */
class DnsRebindingIT {

    private static final Path HOSTS = Path.of("/etc/hosts");
    private static final String NAME = "rebind-" + UUID.randomUUID().toString().substring(0, 8) + ".agentry.test";

    private static FakeLlmServer fake;
    private static WebhookReceiver receiver;
    private static Api api;

    @BeforeAll
    static void setUp() throws Exception {
        fake = FakeLlmServer.start();
        receiver = new WebhookReceiver(true); // no kept-alive connection to reuse: each post connects
        api = Api.createOrg("rebinding").api();
        pointNameAt("127.0.0.1");
    }

    @AfterAll
    static void tearDown() throws Exception {
        receiver.close();
        rewriteHosts(null);
    }

    @Test
    void aNameThatResolvesToTheLocalHostAfterItsUrlWasSavedIsNotCalled() throws Exception {
        // saved, and working, while the name resolves to an address the server may call
        String hookUrl = receiver.url("rebound").replace("127.0.0.1", NAME);
        String hook = api.post("/api/v1/hooks", obj("target_url", hookUrl, "event", "task.completed")).expect(201).id();
        api.put("/api/v1/providers/openai_compatible", obj("base_url", "http://" + NAME + ":" + FakeLlmServer.PORT + "/compat/v1"))
                .expect(200);
        String chattingAgent = ChatIT.agent(api, "openai_compatible");
        Knowledge kb = new Knowledge(api);
        String base = kb.createBase("rebound", "embedding_provider", "openai", "embedding_model", "fake-embed-64",
                "embedding_base_url", "http://" + NAME + ":" + FakeLlmServer.PORT + "/openai/v1");
        kb.awaitReady(base, kb.addText(base, "Heron", "heron wading in the marsh"));
        String agent = ChatIT.agent(api, "openai");
        completeTask(agent);
        assertEquals(1, receiver.await("rebound", 1, 10_000).size(), "the first delivery reaches the receiver");

        pointNameAt("0.0.0.0");
        Api.sleep(2_500); // past the servers' 1 s name cache

        // an organization's provider base URL: judged again when the call is prepared (a 503 once
        // the server's 5 s cache of the organization's settings has expired) and by the model
        // transport's resolver at connect (a 502 within it); either way the model is never asked
        String question = Api.unique("rebound question");
        Api.Resp chat = ChatIT.chat(api, chattingAgent, "message", question);
        String code = chat.json().path("error").path("code").asText();
        assertTrue(chat.status() == 502 && code.equals("provider_unreachable")
                || chat.status() == 503 && code.equals("provider_not_configured") && chat.body().contains("does not call"), chat.describe());
        assertEquals(0, fake.requestsWith(question).size(), "the model behind the rebound name was called");
        assertNoAddressIn(chat.body());

        // a base's embedding URL: refused by the model transport's resolver at connect
        Api.Resp query = api.post("/api/v1/bases/" + base + "/query", obj("query", "anything", "mode", "semantic")).expect(503);
        assertTrue(query.body().contains("could not be reached"), query.body());
        assertNoAddressIn(query.body());

        // a webhook: the next delivery fails without reaching the receiver on loopback
        completeTask(agent);
        JsonNode delivery = awaitFailedDelivery(hook);
        assertTrue(delivery.path("attempts").size() > 0, delivery.toString());
        for (JsonNode attempt : delivery.path("attempts")) {
            assertTrue(attempt.path("status_code").isNull(), "an attempt reached a receiver: " + delivery);
            assertTrue(attempt.path("error").asText().contains("does not call"), delivery.toString());
            assertNoAddressIn(attempt.toString());
        }
        assertEquals(1, receiver.await("rebound", 2, 500).size(), "the receiver on loopback was reached again");
    }

    private static void completeTask(String agent) {
        String task = Tasks.create(api, "title", Api.unique("rebound task"), "assigned_agent_id", agent).path("id").asText();
        Tasks.await(api, task, 20_000, "completed");
    }

    private static JsonNode awaitFailedDelivery(String hook) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            List<JsonNode> failed = api.listAll("/api/v1/hooks/" + hook + "/deliveries?status=failed");
            if (!failed.isEmpty()) {
                return api.get("/api/v1/hooks/" + hook + "/deliveries/" + failed.get(0).path("id").asText()).expect(200).data();
            }
            Api.sleep(200);
        }
        throw new AssertionError("no failed delivery for hook " + hook + ": "
                + api.listAll("/api/v1/hooks/" + hook + "/deliveries"));
    }

    private static void assertNoAddressIn(String text) {
        assertFalse(text.contains("0.0.0.0") || text.contains("127.0.0.1"), "an address is named: " + text);
    }

    private static void pointNameAt(String address) throws IOException, InterruptedException {
        rewriteHosts(address + " " + NAME);
    }

    /** Replaces this test's line of /etc/hosts ({@code null}: removes it), as root or through sudo. */
    private static void rewriteHosts(String line) throws IOException, InterruptedException {
        StringBuilder text = new StringBuilder();
        for (String existing : Files.readAllLines(HOSTS, StandardCharsets.UTF_8)) {
            if (!existing.endsWith(" " + NAME)) {
                text.append(existing).append('\n');
            }
        }
        if (line != null) {
            text.append(line).append('\n');
        }
        Path staged = Files.createTempFile("agentry-hosts", ".txt");
        Files.writeString(staged, text);
        // cat over the file keeps its inode (a container may bind-mount /etc/hosts)
        String copy = "cat '" + staged + "' > /etc/hosts";
        List<String> command = Files.isWritable(HOSTS) ? List.of("sh", "-c", copy) : List.of("sudo", "-n", "sh", "-c", copy);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0,
                "this test rewrites one line of /etc/hosts and needs root or password-less sudo: " + output);
        Files.deleteIfExists(staged);
    }
}
