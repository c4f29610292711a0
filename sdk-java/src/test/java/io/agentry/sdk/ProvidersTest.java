package io.agentry.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.sdk.agents.AgentProvider;
import io.agentry.sdk.providers.ProviderSettings;
import io.agentry.sdk.providers.ProviderSettingsParams;
import io.agentry.sdk.providers.ProviderSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvidersTest extends WireMockSupport {

    private static final String OWN = """
            {"provider": "openai", "source": "organization", "base_url": "https://llm.example.com/v1", "api_key_set": true,
             "api_key_hint": "...x7Qf", "configured": true, "problem": null, "updated_at": "2026-11-29T10:00:00Z"}""";
    private static final String SERVER = """
            {"provider": "ollama", "source": "server", "base_url": "http://localhost:11434", "api_key_set": false,
             "api_key_hint": null, "configured": true, "problem": null, "updated_at": null}""";

    @Test
    void listsAndReadsProviderSettings() {
        server.stubFor(get(urlEqualTo("/api/v1/providers")).willReturn(aResponse().withStatus(200)
                .withBody(envelope("{\"items\": [" + OWN + ", " + SERVER + "], \"next_cursor\": null, \"has_more\": false}"))));
        List<ProviderSettings> all = client.providers().list();
        assertEquals(2, all.size());
        ProviderSettings own = all.get(0);
        assertEquals(AgentProvider.OPENAI, own.provider());
        assertEquals(ProviderSource.ORGANIZATION, own.source());
        assertEquals("...x7Qf", own.apiKeyHint());
        assertTrue(own.apiKeySet() && own.configured());
        assertEquals(ProviderSource.SERVER, all.get(1).source());
        assertNull(all.get(1).updatedAt());
    }

    @Test
    void setSendsOnlyWhatWasGivenWithPutAndDeleteRemoves() {
        server.stubFor(put(urlEqualTo("/api/v1/providers/openai_compatible")).willReturn(aResponse().withStatus(200).withBody(envelope(OWN))));
        server.stubFor(delete(urlEqualTo("/api/v1/providers/openai_compatible")).willReturn(aResponse().withStatus(204)));
        ProviderSettingsParams params = ProviderSettingsParams.builder().apiKey("sk-secret-value").baseUrl("https://llm.example.com/v1").build();
        assertFalse(params.toString().contains("sk-secret-value"), "the key is not printed: " + params);
        client.providers().set(AgentProvider.OPENAI_COMPATIBLE, params);
        server.verify(putRequestedFor(urlEqualTo("/api/v1/providers/openai_compatible"))
                .withRequestBody(equalToJson("{\"api_key\": \"sk-secret-value\", \"base_url\": \"https://llm.example.com/v1\"}")));
        client.providers().delete(AgentProvider.OPENAI_COMPATIBLE);
        server.verify(deleteRequestedFor(urlEqualTo("/api/v1/providers/openai_compatible")));
    }

    @Test
    void aMissingSecretsKeyIsAnError() {
        server.stubFor(put(urlEqualTo("/api/v1/providers/openai")).willReturn(aResponse().withStatus(503)
                .withBody("{\"error\": {\"code\": \"secrets_not_configured\", \"message\": \"no secrets key\"}}")));
        var e = assertThrows(io.agentry.sdk.errors.AgentryApiException.class, () -> client.withOptions(b -> b.maxRetries(0))
                .providers().set(AgentProvider.OPENAI, ProviderSettingsParams.builder().apiKey("sk-x").build()));
        assertEquals(503, e.status());
        assertEquals("secrets_not_configured", e.code());
    }
}
