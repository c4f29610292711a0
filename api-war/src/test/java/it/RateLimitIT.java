package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-organization budgets per minute: X-RateLimit-* headers on every authenticated response,
 * Remaining counting down, 429 with Retry-After once the budget is spent, shared by every
 * credential of the organization and not touching other organizations.
 */
class RateLimitIT {

    @Test
    void budgetOfFiveCountsDownThenRefusesWith429() {
        Api.Org neighbour = Api.createOrg("ratelimit-neighbour");
        Api.Org org = Api.createOrg("ratelimit", 5);
        Api api = org.api();
        assertEquals(5, org.created().path("organization").path("rate_limit_per_minute").asInt(),
                "the override is shown on the organization: " + org.created());

        // unauthenticated requests are refused before they can be charged to anyone
        api.anonymous().get("/api/v1/agents").expect(401);
        api.withToken(Api.randomToken()).get("/api/v1/agents").expect(401);

        List<Long> remaining = new ArrayList<>();
        long now = Instant.now().getEpochSecond();
        for (int i = 1; i <= 5; i++) {
            Api.Resp r = api.get("/api/v1/agents").expect(200);
            assertEquals("5", r.requireHeader("X-RateLimit-Limit"), "X-RateLimit-Limit on request " + i);
            remaining.add(Long.parseLong(r.requireHeader("X-RateLimit-Remaining")));
            long reset = Long.parseLong(r.requireHeader("X-RateLimit-Reset"));
            assertTrue(reset >= now - 5 && reset <= now + 65, "X-RateLimit-Reset is epoch seconds within a minute: " + reset);
        }
        assertEquals(List.of(4L, 3L, 2L, 1L, 0L), remaining, "Remaining counts down by one per request");

        Api.Resp refused = api.get("/api/v1/agents").expectError(429, "rate_limit_exceeded");
        long retryAfter = Long.parseLong(refused.requireHeader("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 61, "Retry-After in seconds, at most a minute: " + retryAfter);
        assertEquals("5", refused.requireHeader("X-RateLimit-Limit"));
        assertEquals("0", refused.requireHeader("X-RateLimit-Remaining"));
        refused.requireHeader("X-RateLimit-Reset");
        refused.requireHeader("X-Request-Id");

        // still refused, for writes too, and nothing is created
        api.post("/api/v1/agents", obj("name", "over budget")).expectError(429, "rate_limit_exceeded");
        api.v2().get("/api/v1/agents").expectError(429, "rate_limit_exceeded");
        api.get("/functions/v1/api/v1/agents").expectError(429, "rate_limit_exceeded");

        // the budget belongs to the organization: a JWT of the same organization is refused too
        Api.at(Jwt.forOrg(org.id(), "admin").sign()).get("/api/v1/agents").expectError(429, "rate_limit_exceeded");

        // other organizations are not affected
        neighbour.api().get("/api/v1/agents").expect(200);
        neighbour.api().post("/api/v1/agents", obj("name", "neighbour")).expect(201);

        long agents = Api.countRows("select count(*) from agents where organization_id = ?", org.id());
        assertEquals(0, agents, "requests refused with 429 must not create anything");
    }

    @Test
    void theBudgetIsSharedByEveryTokenOfTheOrganization() {
        Api.Org org = Api.createOrg("ratelimit-shared", 5);
        Api owner = org.api();
        // 1: creating a second token is charged too
        JsonNode second = owner.post("/api/v1/tokens", obj("name", "second")).expect(201).data();
        Api other = Api.at(second.path("token").asText());
        // 2: the owner again
        assertEquals("3", owner.get("/api/v1/agents").expect(200).requireHeader("X-RateLimit-Remaining"),
                "token creation and this call both counted");
        // 3, 4, 5: the other token
        Api.Resp third = other.get("/api/v1/agents").expect(200);
        assertEquals("2", third.requireHeader("X-RateLimit-Remaining"), "the second token draws on the same budget");
        other.get("/api/v1/agents").expect(200);
        Api.Resp fifth = other.viaApiKeyHeader().get("/api/v1/agents").expect(200);
        assertEquals("0", fifth.requireHeader("X-RateLimit-Remaining"));
        other.get("/api/v1/agents").expectError(429, "rate_limit_exceeded");
        owner.get("/api/v1/agents").expectError(429, "rate_limit_exceeded");
    }

    /**
     * A new organization with a large budget (Bucket4j's delaying optimization, which batches)
     * whose first requests all arrive at once: each is answered, none is a 503 because its
     * bucket was not stored yet.
     */
    @Test
    void aNewOrganizationsFirstRequestsAtOnceAreAllAnswered() throws Exception {
        for (int attempt = 0; attempt < 10; attempt++) {
            Api api = Api.createOrg("rate-burst", 100_000).api();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(24);
            try {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<Api.Resp>> answers = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    boolean write = i % 2 == 0;
                    answers.add(pool.submit(() -> {
                        start.await();
                        return write ? api.post("/api/v1/agents", obj("name", "burst")) : api.get("/api/v1/agents?limit=1");
                    }));
                }
                start.countDown();
                for (java.util.concurrent.Future<Api.Resp> answer : answers) {
                    Api.Resp r = answer.get();
                    assertTrue(r.status() == 200 || r.status() == 201, r.describe());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void generousBudgetsShowTheirHeaders() {
        Api.Org org = Api.createOrg("ratelimit-big");
        Api api = org.api();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            Api.Resp r = api.get("/api/v1/agents").expect(200);
            assertEquals("100000", r.requireHeader("X-RateLimit-Limit"));
            long remaining = Long.parseLong(r.requireHeader("X-RateLimit-Remaining"));
            assertTrue(remaining < previous, "Remaining decreases: " + previous + " -> " + remaining);
            previous = remaining;
        }
        // errors of authenticated callers carry the headers too
        Api.Resp notFound = api.get("/api/v1/agents/" + java.util.UUID.randomUUID()).expect(404);
        notFound.requireHeader("X-RateLimit-Limit");
        notFound.requireHeader("X-RateLimit-Remaining");
        notFound.requireHeader("X-RateLimit-Reset");
        Api.Resp created = api.post("/api/v1/agents", obj("name", "limited")).expect(201);
        created.requireHeader("X-RateLimit-Remaining");
    }

    @Test
    void theBudgetLivesInPostgreSQLForEveryInstance() {
        Api.Org org = Api.createOrg("ratelimit-stored", 50);
        org.api().get("/api/v1/agents").expect(200);
        assertEquals(1, Api.countRows("select count(*) from rate_limit_buckets where id = ? and state is not null",
                "org:" + org.id()), "the organization's bucket is a row in the shared table");
    }
}
