package io.agentry.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.sdk.agents.Agent;
import io.agentry.sdk.agents.AgentProvider;
import io.agentry.sdk.agents.AgentStatus;
import io.agentry.sdk.agents.AgentUpdateParams;
import io.agentry.sdk.knowledge.FileUpload;
import io.agentry.sdk.knowledge.QueryParams;
import io.agentry.sdk.knowledge.SearchMode;
import io.agentry.sdk.tokens.ApiToken;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ModelsTest extends WireMockSupport {

    private static final UUID ID = UUID.fromString("6f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b9");

    @Test
    void modelsReadTheWireFormatWithEveryHeaderTheSdkSends() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody(envelope(AGENT))));
        Agent agent = client.agents().retrieve(ID);
        assertEquals(AgentProvider.ANTHROPIC, agent.provider());
        assertEquals(AgentStatus.IDLE, agent.status());
        assertTrue(agent.marketplace());
        assertEquals(7, agent.installCount());
        assertEquals(0.3, agent.temperature());
        assertEquals(OffsetDateTime.parse("2026-11-23T10:00:00.123456Z"), agent.createdAt());
        server.verify(getRequestedFor(urlEqualTo("/api/v1/agents/" + ID))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withHeader("X-API-Version", equalTo("2"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("User-Agent", containing("agentry-java/")));
    }

    @Test
    void unknownFieldsAndEnumValuesFromANewerServerAreTolerated() {
        String newer = AGENT.replace("\"status\": \"idle\"", "\"status\": \"hibernating\", \"mood\": {\"happy\": true}")
                .replace("\"provider\": \"anthropic\"", "\"provider\": \"mistral_cloud\"");
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody(envelope(newer))));
        Agent agent = client.agents().retrieve(ID);
        assertEquals(AgentStatus.UNKNOWN, agent.status());
        assertEquals(AgentProvider.UNKNOWN, agent.provider());
        assertEquals("Reviewer", agent.name());
    }

    @Test
    void aVersion1ResponseWithoutEnvelopeIsReadToo() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody(AGENT)));
        assertEquals("Reviewer", client.agents().retrieve(ID).name());
    }

    @Test
    void anUpdateSendsOnlyTheFieldsSetAndNullClears() {
        server.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(200).withBody(envelope(AGENT))));
        client.agents().update(ID, AgentUpdateParams.builder().description(null).temperature(0.5).putAdditionalProperty("x_new", 1).build());
        server.verify(patchRequestedFor(urlEqualTo("/api/v1/agents/" + ID))
                .withRequestBody(equalToJson("{\"description\": null, \"temperature\": 0.5, \"x_new\": 1}")));
    }

    @Test
    void pathParametersAreEncoded() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(404)));
        assertThrows(io.agentry.sdk.errors.NotFoundException.class, () -> client.bases().items(ID).list());
        server.verify(getRequestedFor(urlPathEqualTo("/api/v1/bases/" + ID + "/items")));
    }

    @Test
    void queriesSendTheirFilterAndMode() {
        server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody(envelope(
                "{\"query\": \"refunds\", \"mode\": \"semantic\", \"results\": [{\"chunk_id\": 3, \"item_id\": \"" + ID
                        + "\", \"item_title\": \"Policy\", \"chunk_index\": 0, \"content\": \"Refunds within 30 days\", \"score\": 0.83,"
                        + " \"metadata\": {\"lang\": \"en\"}}]}"))));
        var result = client.bases().query(ID, QueryParams.of("refunds").mode(SearchMode.SEMANTIC).limit(3).minScore(0.2)
                .where("lang", "en").whereIn("team", "billing", "support").build());
        assertEquals(0.83, result.results().get(0).score());
        assertEquals("en", result.results().get(0).metadata().path("lang").asText());
        server.verify(postRequestedFor(urlEqualTo("/api/v1/bases/" + ID + "/query")).withRequestBody(equalToJson(
                "{\"query\": \"refunds\", \"mode\": \"semantic\", \"limit\": 3, \"min_score\": 0.2,"
                        + " \"filter\": {\"lang\": {\"eq\": \"en\"}, \"team\": {\"in\": [\"billing\", \"support\"]}}}")));
    }

    @Test
    void aFileIsUploadedAsMultipartFormData() {
        server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(201).withBody(envelope("{\"id\": \"" + ID + "\", \"kind\": \"file\", \"status\": \"pending\"}"))));
        byte[] pdf = "%PDF-1.7 fake but binary \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        client.bases().items(ID).upload(FileUpload.of("hand\"book.pdf", pdf).title("Handbook").metadata(Map.of("lang", "en")).build());
        server.verify(postRequestedFor(urlEqualTo("/api/v1/bases/" + ID + "/items"))
                .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                .withHeader("Idempotency-Key", containing("sdk-"))
                .withRequestBodyPart(aMultipart("file").withHeader("Content-Disposition", containing("filename=\"hand%22book.pdf\""))
                        .withBody(binaryEqualTo(pdf)).build())
                .withRequestBodyPart(aMultipart("title").withBody(equalTo("Handbook")).build())
                .withRequestBodyPart(aMultipart("metadata").withBody(equalToJson("{\"lang\": \"en\"}")).build()));
    }

    @Test
    void aTokensSecretIsNeverPrinted() {
        ApiToken token = new ApiToken(ID, "ci", "pk_12345...", null, null, null, null, null, null, null, 0, "pk_" + "1".repeat(64));
        assertFalse(token.toString().contains("1111111111"));
        assertTrue(token.secret().isPresent());
    }

    @Test
    void fromEnvPrefersSystemProperties() {
        System.setProperty("agentry.apiKey", KEY);
        System.setProperty("agentry.baseUrl", server.baseUrl() + "/functions/v1");
        try (AgentryClient env = AgentryClient.fromEnv()) {
            assertEquals(server.baseUrl() + "/functions/v1/", env.baseUrl().toString());
        } finally {
            System.clearProperty("agentry.apiKey");
            System.clearProperty("agentry.baseUrl");
        }
        if (System.getenv("AGENTRY_API_KEY") == null) {
            assertThrows(IllegalStateException.class, AgentryClient::fromEnv);
        }
    }
}
