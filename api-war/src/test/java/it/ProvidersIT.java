package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An organization's own provider keys and base URLs: used for its calls (and only its), sealed in
 * the database, never returned, refused when unsafe, and managed by admins only.
 */
class ProvidersIT {

    private static final String SERVER_OPENAI = "http://127.0.0.1:" + FakeLlmServer.PORT + "/openai/v1";
    private static final String OWN_URL = "http://127.0.0.1:" + FakeLlmServer.PORT + "/own/v1";
    private static FakeLlmServer fake;

    @BeforeAll
    static void setUp() {
        fake = FakeLlmServer.start();
    }

    private static String key(String label) {
        return "sk-" + label + "-" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The credential the fake received with the request carrying {@code marker}. */
    private static FakeLlmServer.Recorded sentWith(String marker) {
        List<FakeLlmServer.Recorded> found = fake.requestsWith(marker);
        assertEquals(1, found.size(), "requests carrying " + marker);
        return found.get(0);
    }

    private static String chatAndGetCredential(Api api, String agent, boolean stream) {
        String text = Api.unique("who pays");
        ChatIT.chat(api, agent, "message", text, "stream", stream).expect(200);
        return sentWith(text).credential();
    }

    @Test
    void theServersSettingsAreListedWithoutTheirKeys() {
        Api api = Api.createOrg("providers-list").api();
        Api.Resp r = api.get("/api/v1/providers").expect(200);
        assertFalse(r.body().contains("sk-fake"), "no server key in " + r.body());
        List<JsonNode> providers = r.items();
        assertEquals(List.of("openai", "anthropic", "ollama", "openai_compatible"),
                providers.stream().map(p -> p.path("provider").asText()).toList());
        for (JsonNode p : providers) {
            assertEquals("server", p.path("source").asText(), p.toString());
            assertTrue(p.path("configured").asBoolean(), p.toString());
            assertTrue(!p.hasNonNull("api_key_hint") && !p.hasNonNull("updated_at"), p.toString());
        }
        assertEquals(SERVER_OPENAI, providers.get(0).path("base_url").asText());
        assertTrue(providers.get(0).path("api_key_set").asBoolean());
        assertFalse(providers.get(2).path("api_key_set").asBoolean(), "ollama has no key");
        assertEquals("server", api.get("/api/v1/providers/anthropic").expect(200).data().path("source").asText());
    }

    @Test
    void anOrganizationsOwnKeyIsSealedUsedOnlyForItAndNeverReturned() throws SQLException {
        Api.Org a = Api.createOrg("providers-own-key");
        Api api = a.api();
        Api other = Api.createOrg("providers-other").api();
        String agent = ChatIT.agent(api, "openai");
        String otherAgent = ChatIT.agent(other, "openai");
        String secret = key("org-a");

        Api.Resp put = api.put("/api/v1/providers/openai", obj("api_key", secret)).expect(200);
        assertFalse(put.body().contains(secret), put.body());
        JsonNode view = put.data();
        assertEquals("organization", view.path("source").asText());
        assertEquals(SERVER_OPENAI, view.path("base_url").asText(), "a key alone goes to the server's base URL");
        assertTrue(view.path("api_key_set").asBoolean() && view.path("configured").asBoolean(), view.toString());
        assertEquals("..." + secret.substring(secret.length() - 4), view.path("api_key_hint").asText());
        assertTrue(view.hasNonNull("updated_at"));
        Api.Resp list = api.get("/api/v1/providers").expect(200);
        assertFalse(list.body().contains(secret), list.body());
        assertEquals(view, api.get("/api/v1/providers/openai").expect(200).data());

        try (Connection db = Api.db(); var q = db.prepareStatement(
                "select api_key_sealed from provider_credentials where organization_id = ? and provider = 'openai'")) {
            q.setObject(1, a.id());
            try (ResultSet row = q.executeQuery()) {
                assertTrue(row.next());
                String stored = row.getString(1);
                assertTrue(stored.startsWith("g1.") && !stored.contains(secret.substring(3)), "stored sealed: " + stored);
            }
        }

        assertEquals("Bearer " + secret, chatAndGetCredential(api, agent, false), "sync chat uses the organization's key");
        assertEquals("Bearer " + secret, chatAndGetCredential(api, agent, true), "streamed chat too");
        assertEquals("Bearer sk-fake-openai", chatAndGetCredential(other, otherAgent, false), "another organization keeps the server's");

        // the other organization neither sees nor removes it
        assertEquals("server", other.get("/api/v1/providers/openai").expect(200).data().path("source").asText());
        other.delete("/api/v1/providers/openai").expectError(404, "not_found");
        assertEquals("organization", api.get("/api/v1/providers/openai").expect(200).data().path("source").asText());

        api.delete("/api/v1/providers/openai").expect(204);
        assertEquals("server", api.get("/api/v1/providers/openai").expect(200).data().path("source").asText());
        assertEquals("Bearer sk-fake-openai", chatAndGetCredential(api, agent, false), "back to the server's key at once");
        api.delete("/api/v1/providers/openai").expectError(404, "not_found");
    }

    @Test
    void anOrganizationsBaseUrlNeverReceivesTheServersKey() {
        Api.Org org = Api.createOrg("providers-own-url");
        Api api = org.api();
        String agent = ChatIT.agent(api, "openai");

        JsonNode view = api.put("/api/v1/providers/openai", obj("base_url", OWN_URL + "/")).expect(200).data();
        assertEquals(OWN_URL, view.path("base_url").asText(), "trailing slash trimmed");
        assertFalse(view.path("api_key_set").asBoolean());
        assertFalse(view.path("configured").asBoolean(), "OpenAI needs a key: " + view);
        long messages = Api.countRows("select count(*) from messages where organization_id = ?", org.id());
        ChatIT.chat(api, agent, "message", "hello").expectError(503, "provider_not_configured");
        assertEquals(messages, Api.countRows("select count(*) from messages where organization_id = ?", org.id()),
                "nothing stored for a chat that cannot be answered");
        // the caller's input is checked before the provider: an unknown conversation is a 404, not a 503
        ChatIT.chat(api, agent, "message", "hello", "conversation_id", java.util.UUID.randomUUID().toString())
                .expectError(404, "not_found");

        String secret = key("own-url");
        api.put("/api/v1/providers/openai", obj("base_url", OWN_URL, "api_key", secret)).expect(200);
        String text = Api.unique("to my own endpoint");
        ChatIT.chat(api, agent, "message", text).expect(200);
        FakeLlmServer.Recorded sent = sentWith(text);
        assertEquals("/own/v1/chat/completions", sent.path());
        assertEquals("Bearer " + secret, sent.credential());

        // an OpenAI-compatible endpoint of the organization's, with no key: none is sent
        String compatible = ChatIT.agent(api, "openai_compatible");
        api.put("/api/v1/providers/openai_compatible", obj("base_url", OWN_URL)).expect(200);
        String compatibleText = Api.unique("compatible");
        ChatIT.chat(api, compatible, "message", compatibleText).expect(200);
        assertEquals("/own/v1/chat/completions", sentWith(compatibleText).path());
        assertEquals("Bearer none", sentWith(compatibleText).credential());
    }

    @Test
    void anthropicCallsCarryTheOrganizationsKey() {
        Api api = Api.createOrg("providers-anthropic").api();
        String agent = ChatIT.agent(api, "anthropic");
        String secret = key("ant");
        api.put("/api/v1/providers/anthropic", obj("api_key", secret)).expect(200);
        assertEquals(secret, chatAndGetCredential(api, agent, false));
        assertEquals(secret, chatAndGetCredential(api, agent, true));
    }

    @Test
    void onlyAdminsChangeProviderSettings() {
        Api.Org org = Api.createOrg("providers-admins");
        Api owner = org.api();
        String memberToken = owner.post("/api/v1/tokens", obj("name", "member", "scopes", List.of("read", "write")))
                .expect(201).data().path("token").asText();
        Api member = Api.at(memberToken);
        member.get("/api/v1/providers").expect(200);
        member.put("/api/v1/providers/openai", obj("api_key", key("member"))).expectError(403, "forbidden");
        owner.put("/api/v1/providers/ollama", obj("base_url", "http://127.0.0.1:11434")).expect(200);
        member.delete("/api/v1/providers/ollama").expectError(403, "forbidden");
        assertEquals("organization", owner.get("/api/v1/providers/ollama").expect(200).data().path("source").asText());
        assertEquals("server", owner.get("/api/v1/providers/openai").expect(200).data().path("source").asText());
        String bareToken = owner.post("/api/v1/tokens", obj("name", "bases only", "scopes", List.of("bases:read")))
                .expect(201).data().path("token").asText();
        Api.at(bareToken).get("/api/v1/providers").expectError(403, "forbidden");
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        Api.Org org = Api.createOrg("providers-bad");
        Api api = org.api();
        api.put("/api/v1/providers/skynet", obj("api_key", key("x"))).expectError(404, "not_found");
        api.get("/api/v1/providers/OpenAI!").expectError(404, "not_found");
        api.put("/api/v1/providers/openai", obj()).expectError(400, "bad_request");
        api.put("/api/v1/providers/openai", obj("api_key", null, "base_url", null)).expectError(400, "bad_request");
        api.put("/api/v1/providers/openai", obj("api_key", key("x"), "model", "gpt")).expectError(400, "bad_request");
        api.put("/api/v1/providers/openai", obj("api_key", 42)).expectInvalid("api_key");
        api.put("/api/v1/providers/openai", obj("api_key", "sk with spaces")).expectInvalid("api_key");
        api.put("/api/v1/providers/openai", obj("api_key", "sk-x".repeat(300))).expectInvalid("api_key");
        api.put("/api/v1/providers/ollama", obj("api_key", key("x"))).expectInvalid("api_key");
        api.put("/api/v1/providers/openai", obj("base_url", "ftp://example.com/v1")).expectInvalid("base_url");
        api.put("/api/v1/providers/openai", obj("base_url", "http://169.254.169.254/latest")).expectInvalid("base_url");
        api.put("/api/v1/providers/openai", obj("base_url", "http://user:pass@example.com/v1")).expectInvalid("base_url");
        api.put("/api/v1/providers/openai", obj("base_url", "http://no-such-host.invalid/v1")).expectInvalid("base_url");
        api.put("/api/v1/providers/openai", obj("api_key", key("x"), "base_url", "not a url")).expectInvalid("base_url");
        assertEquals(0, Api.countRows("select count(*) from provider_credentials where organization_id = ?", org.id()));
        for (JsonNode p : api.get("/api/v1/providers").expect(200).items()) {
            assertEquals("server", p.path("source").asText(), p.toString());
        }
    }
}
