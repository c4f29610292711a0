package io.agentry.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.errors.AgentryApiException;
import io.agentry.sdk.errors.AgentryException;
import io.agentry.sdk.errors.AuthenticationException;
import io.agentry.sdk.errors.BadRequestException;
import io.agentry.sdk.errors.ConflictException;
import io.agentry.sdk.errors.InternalServerException;
import io.agentry.sdk.errors.NotFoundException;
import io.agentry.sdk.errors.PermissionDeniedException;
import io.agentry.sdk.errors.RateLimitException;
import io.agentry.sdk.errors.UnexpectedStatusException;
import io.agentry.sdk.errors.UnprocessableEntityException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorMappingTest extends WireMockSupport {

    private static final RequestOptions NO_RETRY = RequestOptions.builder().maxRetries(0).build();

    @Test
    void eachStatusFamilyHasItsException() {
        Map<Integer, Class<? extends AgentryApiException>> expected = Map.ofEntries(
                Map.entry(400, BadRequestException.class), Map.entry(401, AuthenticationException.class),
                Map.entry(403, PermissionDeniedException.class), Map.entry(404, NotFoundException.class),
                Map.entry(409, ConflictException.class), Map.entry(422, UnprocessableEntityException.class),
                Map.entry(429, RateLimitException.class), Map.entry(500, InternalServerException.class),
                Map.entry(503, InternalServerException.class), Map.entry(405, UnexpectedStatusException.class),
                Map.entry(413, UnexpectedStatusException.class), Map.entry(415, UnexpectedStatusException.class));
        for (Map.Entry<Integer, Class<? extends AgentryApiException>> e : expected.entrySet()) {
            server.resetAll();
            server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(e.getKey()).withHeader("X-Request-Id", "req_" + e.getKey())
                    .withBody("{\"error\": {\"code\": \"code_" + e.getKey() + "\", \"message\": \"message " + e.getKey() + "\"}}")));
            AgentryApiException thrown = assertThrows(AgentryApiException.class, () -> client.me().retrieve(NO_RETRY));
            assertInstanceOf(e.getValue(), thrown, "status " + e.getKey());
            assertInstanceOf(AgentryException.class, thrown);
            assertEquals(e.getKey(), thrown.status());
            assertEquals("code_" + e.getKey(), thrown.code());
            assertEquals("message " + e.getKey(), thrown.errorMessage());
            assertEquals("req_" + e.getKey(), thrown.requestId());
            assertNull(thrown.field());
        }
    }

    @Test
    void theVersion2EnvelopeSuppliesTheRequestIdWhenTheHeaderIsMissing() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(404).withBody(
                "{\"error\": {\"code\": \"not_found\", \"message\": \"agent not found\"}, \"meta\": {\"api_version\": 2, \"request_id\": \"req_meta\"}}")));
        NotFoundException e = assertThrows(NotFoundException.class, () -> client.me().retrieve(NO_RETRY));
        assertEquals("req_meta", e.requestId());
        assertEquals("not_found", e.code());
    }

    @Test
    void aBodyThatIsNotTheApisErrorShapeIsKeptAsTheMessage() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Error 400: bad path</body></html>")));
        BadRequestException e = assertThrows(BadRequestException.class, () -> client.me().retrieve(NO_RETRY));
        assertNull(e.code());
        assertTrue(e.errorMessage().contains("Error 400: bad path"), e.errorMessage());

        server.resetAll();
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(502)));
        InternalServerException empty = assertThrows(InternalServerException.class, () -> client.me().retrieve(NO_RETRY));
        assertEquals("HTTP 502", empty.errorMessage());
    }

    @Test
    void aSuccessWhoseBodyIsNotJsonIsAnSdkError() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("<html>proxy login</html>")));
        AgentryException e = assertThrows(AgentryException.class, () -> client.me().retrieve(NO_RETRY));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }
}
