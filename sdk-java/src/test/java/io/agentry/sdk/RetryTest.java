package io.agentry.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.agentry.sdk.agents.Agent;
import io.agentry.sdk.agents.AgentCreateParams;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.errors.AgentryConnectionException;
import io.agentry.sdk.errors.BadRequestException;
import io.agentry.sdk.errors.InternalServerException;
import io.agentry.sdk.errors.RateLimitException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTest extends WireMockSupport {

    private static final String AGENT_URL = "/api/v1/agents/6f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b9";
    private static final UUID AGENT_ID = UUID.fromString("6f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b9");

    /** Fails {@code failures} times with {@code failure}, then answers with the agent. */
    private void failThenSucceed(String method, String url, int failures, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure) {
        String state = Scenario.STARTED;
        for (int i = 0; i < failures; i++) {
            String next = "attempt-" + (i + 2);
            server.stubFor((method.equals("GET") ? get(urlEqualTo(url)) : post(urlEqualTo(url))).inScenario("retries")
                    .whenScenarioStateIs(state).willReturn(failure).willSetStateTo(next));
            state = next;
        }
        server.stubFor((method.equals("GET") ? get(urlEqualTo(url)) : post(urlEqualTo(url))).inScenario("retries")
                .whenScenarioStateIs(state).willReturn(aResponse().withStatus(method.equals("GET") ? 200 : 201)
                        .withHeader("Content-Type", "application/json").withBody(envelope(AGENT))));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 409, 429, 500, 502, 503, 504})
    void retryableStatusesAreRetriedUntilSuccess(int status) {
        failThenSucceed("GET", AGENT_URL, 2, aResponse().withStatus(status));
        Agent agent = client.agents().retrieve(AGENT_ID);
        assertEquals("Reviewer", agent.name());
        assertEquals(3, server.getAllServeEvents().size());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 413, 415, 422})
    void otherErrorsAreNotRetried(int status) {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(status)
                .withBody("{\"error\": {\"code\": \"x\", \"message\": \"no\"}}")));
        assertThrows(io.agentry.sdk.errors.AgentryApiException.class, () -> client.agents().retrieve(AGENT_ID));
        assertEquals(1, server.getAllServeEvents().size());
        assertTrue(pauses.isEmpty());
    }

    @Test
    void twoRetriesByDefaultThenTheErrorOfTheLastAttempt() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("X-Request-Id", "req_last")
                .withBody("{\"error\": {\"code\": \"service_unavailable\", \"message\": \"database unavailable\"}}")));
        InternalServerException e = assertThrows(InternalServerException.class, () -> client.agents().retrieve(AGENT_ID));
        assertEquals(503, e.status());
        assertEquals("service_unavailable", e.code());
        assertEquals("req_last", e.requestId());
        assertEquals(3, server.getAllServeEvents().size());
    }

    @Test
    void backoffDoublesFromHalfASecondWithJitterAndACapOfEightSeconds() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(500)));
        AgentryClient noJitter = clientBuilder().maxRetries(6).build();
        assertThrows(InternalServerException.class, () -> noJitter.agents().retrieve(AGENT_ID));
        assertEquals(List.of(ms(500), ms(1000), ms(2000), ms(4000), ms(8000), ms(8000)), pauses);

        pauses.clear();
        AgentryClient fullJitter = clientBuilder().maxRetries(3).random(() -> 1.0).build();
        assertThrows(InternalServerException.class, () -> fullJitter.agents().retrieve(AGENT_ID));
        assertEquals(List.of(ms(375), ms(750), ms(1500)), pauses); // jitter shortens by up to 25 %
    }

    @Test
    void retryAfterSecondsIsHonoured() {
        failThenSucceed("GET", AGENT_URL, 1, aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withBody("{\"error\": {\"code\": \"rate_limit_exceeded\", \"message\": \"slow down\"}}"));
        client.agents().retrieve(AGENT_ID);
        assertEquals(List.of(Duration.ofSeconds(7)), pauses);
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        String in20s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(20));
        failThenSucceed("GET", AGENT_URL, 1, aResponse().withStatus(503).withHeader("Retry-After", in20s));
        client.agents().retrieve(AGENT_ID);
        assertTrue(pauses.get(0).compareTo(Duration.ofSeconds(17)) > 0 && pauses.get(0).compareTo(Duration.ofSeconds(21)) < 0,
                "pause " + pauses);
    }

    @Test
    void retryAfterMsIsPreferredAndAnUnreasonableRetryAfterFallsBackToBackoff() {
        failThenSucceed("GET", AGENT_URL, 2, aResponse().withStatus(503).withHeader("Retry-After-Ms", "250").withHeader("Retry-After", "3"));
        client.agents().retrieve(AGENT_ID);
        assertEquals(List.of(ms(250), ms(250)), pauses);

        server.resetAll();
        pauses.clear();
        failThenSucceed("GET", AGENT_URL, 2, aResponse().withStatus(503).withHeader("Retry-After", "3600"));
        client.agents().retrieve(AGENT_ID);
        assertEquals(List.of(ms(500), ms(1000)), pauses);
    }

    @Test
    void aRateLimitOutlastingTheRetriesSurfacesAsRateLimitException() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                .withBody("{\"error\": {\"code\": \"rate_limit_exceeded\", \"message\": \"rate limit of 30 requests per minute exceeded\"}}")));
        RateLimitException e = assertThrows(RateLimitException.class, () -> client.agents().retrieve(AGENT_ID));
        assertEquals("rate_limit_exceeded", e.code());
        assertEquals(List.of(ms(1000), ms(1000)), pauses);
    }

    @Test
    void theRealClockWaitsWhatRetryAfterSays() {
        failThenSucceed("GET", AGENT_URL, 1, aResponse().withStatus(429).withHeader("Retry-After", "1"));
        AgentryClient real = AgentryClient.builder().baseUrl(server.baseUrl()).apiKey(KEY).build();
        long start = System.nanoTime();
        real.agents().retrieve(AGENT_ID);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 1000 && elapsedMs < 5000, "took " + elapsedMs + " ms");
        real.close();
    }

    @Test
    void connectionFailuresAreRetriedThenReportedAsConnectionErrors() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        AgentryConnectionException e = assertThrows(AgentryConnectionException.class, () -> client.agents().retrieve(AGENT_ID));
        assertTrue(e.getMessage().contains("after 3 attempt(s)"), e.getMessage());
        assertEquals(3, server.getAllServeEvents().size());

        server.resetAll();
        failThenSucceed("GET", AGENT_URL, 1, aResponse().withFault(Fault.EMPTY_RESPONSE));
        assertEquals("Reviewer", client.agents().retrieve(AGENT_ID).name());
    }

    @Test
    void aRefusedConnectionIsAConnectionError() {
        AgentryClient nowhere = AgentryClient.builder().baseUrl("http://127.0.0.1:1").apiKey(KEY).maxRetries(0).build();
        assertThrows(AgentryConnectionException.class, () -> nowhere.me().retrieve());
        nowhere.close();
    }

    @Test
    void maxRetriesCanBeChangedPerClientAndPerCall() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(500)));
        assertThrows(InternalServerException.class,
                () -> client.agents().retrieve(AGENT_ID, RequestOptions.builder().maxRetries(0).build()));
        assertEquals(1, server.getAllServeEvents().size());
        server.resetRequests();
        AgentryClient five = client.withOptions(b -> b.maxRetries(5));
        assertThrows(InternalServerException.class, () -> five.agents().retrieve(AGENT_ID));
        assertEquals(6, server.getAllServeEvents().size());
    }

    @Test
    void aPostKeepsOneIdempotencyKeyAcrossItsRetries() {
        failThenSucceed("POST", "/api/v1/agents", 2, aResponse().withStatus(502));
        client.agents().create(AgentCreateParams.builder().name("Reviewer").build());
        List<LoggedRequest> attempts = server.findAll(anyRequestedFor(anyUrl()));
        assertEquals(3, attempts.size());
        String key = attempts.get(0).getHeader("Idempotency-Key");
        assertNotNull(key);
        for (LoggedRequest attempt : attempts) {
            assertEquals(key, attempt.getHeader("Idempotency-Key"));
            assertEquals("{\"name\":\"Reviewer\"}", attempt.getBodyAsString());
        }

        server.resetAll();
        failThenSucceed("POST", "/api/v1/agents", 0, null);
        client.agents().create(AgentCreateParams.builder().name("Reviewer").build());
        assertNotEquals(key, server.findAll(anyRequestedFor(anyUrl())).get(0).getHeader("Idempotency-Key"), "a new call, a new key");
    }

    @Test
    void aCallerChosenIdempotencyKeyIsSentAndOtherMethodsSendNone() {
        failThenSucceed("POST", "/api/v1/agents", 0, null);
        client.agents().create(AgentCreateParams.builder().name("Reviewer").build(),
                RequestOptions.builder().idempotencyKey("order-42").build());
        assertEquals("order-42", server.findAll(anyRequestedFor(anyUrl())).get(0).getHeader("Idempotency-Key"));

        server.resetAll();
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody(envelope(AGENT))));
        client.agents().retrieve(AGENT_ID);
        assertNull(server.findAll(anyRequestedFor(anyUrl())).get(0).getHeader("Idempotency-Key"));
    }

    @Test
    void aConflictingIdempotentReplayIsNotRetried() {
        server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(422)
                .withBody("{\"error\": {\"code\": \"idempotency_key_reused\", \"message\": \"different request\"}}")));
        assertThrows(io.agentry.sdk.errors.UnprocessableEntityException.class,
                () -> client.agents().create(AgentCreateParams.builder().name("x").build()));
        assertEquals(1, server.getAllServeEvents().size());
    }

    @Test
    void badRequestsNameTheField() {
        server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(400).withHeader("X-Request-Id", "req_9")
                .withBody("{\"error\": {\"code\": \"bad_request\", \"message\": \"'temperature' must be between 0 and 2\", \"field\": \"temperature\"}}")));
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> client.agents().create(AgentCreateParams.builder().name("x").temperature(3.0).build()));
        assertEquals("temperature", e.field());
        assertEquals("'temperature' must be between 0 and 2", e.errorMessage());
        assertTrue(e.getMessage().contains("req_9"));
    }

    private static Duration ms(long ms) {
        return Duration.ofMillis(ms);
    }
}
