package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.sdk.AgentryClient;
import io.agentry.sdk.agents.Agent;
import io.agentry.sdk.marketplace.MarketplaceAgent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The marketplace: an admin publishes an agent, every organization browses its published fields
 * (and nothing else of the publisher's), installs copy it and count, concurrent installs lose no
 * count, and withdrawing it hides it again.
 */
class MarketplaceIT {

    private static Api.Org publisher;
    private static Api admin;
    private static Api.Org installer;
    private static Api other;

    @BeforeAll
    static void setUp() {
        publisher = Api.createOrg("market-publisher");
        admin = publisher.api();
        installer = Api.createOrg("market-installer");
        other = installer.api();
    }

    private static String publish(String name) {
        return admin.post("/api/v1/agents", obj("name", name, "model", "claude-sonnet-4-20250514", "system_prompt",
                "You are a senior code reviewer...", "temperature", 0.3, "tags", List.of("code", "review"),
                "is_marketplace", true)).expect(201).id();
    }

    @Test
    void aPublishedAgentIsBrowsedWithItsPublishedFieldsOnlyAndInstalledAsACopy() {
        String name = Api.unique("Code Reviewer");
        String id = publish(name);
        String hidden = admin.createAgent(Api.unique("not published")).path("id").asText();

        JsonNode listed = other.listAll("/api/v1/marketplace?limit=100").stream()
                .filter(a -> a.path("id").asText().equals(id)).findFirst().orElseThrow();
        assertEquals(name, listed.path("name").asText());
        assertEquals("You are a senior code reviewer...", listed.path("system_prompt").asText());
        for (String privateField : List.of("organization_id", "workspace_id", "knowledge_base_ids", "status", "is_marketplace")) {
            assertFalse(listed.has(privateField), privateField + " is the publisher's: " + listed);
        }
        assertFalse(other.listAllIds("/api/v1/marketplace?limit=100").contains(hidden));
        other.get("/api/v1/marketplace/" + hidden).expectError(404, "not_found");
        other.get("/api/v1/agents/" + id).expectError(404, "not_found"); // published is not shared
        assertEquals(List.of(id), other.listAllIds("/api/v1/marketplace?tag=review").stream().filter(id::equals).toList());

        Api.Resp installed = other.post("/api/v1/marketplace/" + id + "/install", null).expect(201);
        JsonNode copy = installed.data();
        assertEquals(installer.id().toString(), copy.path("organization_id").asText());
        assertEquals(name, copy.path("name").asText());
        assertFalse(copy.path("is_marketplace").asBoolean());
        assertEquals(0, copy.path("install_count").asLong());
        assertEquals(0, copy.path("knowledge_base_ids").size());
        assertTrue(installed.requireHeader("Location").endsWith("/api/v1/agents/" + copy.path("id").asText()));
        other.get("/api/v1/agents/" + copy.path("id").asText()).expect(200);
        // the publisher sees the count (a fresh rendering, not the cached one)
        assertEquals(1, admin.get("/api/v1/agents/" + id).expect(200).data().path("install_count").asLong());
        assertEquals(1, other.get("/api/v1/marketplace/" + id).expect(200).data().path("install_count").asLong());

        // withdrawn: gone from the marketplace, not installable; the copies stay
        admin.patch("/api/v1/agents/" + id, obj("is_marketplace", false)).expect(200);
        other.get("/api/v1/marketplace/" + id).expectError(404, "not_found");
        other.post("/api/v1/marketplace/" + id + "/install", null).expectError(404, "not_found");
        other.get("/api/v1/agents/" + copy.path("id").asText()).expect(200);
        other.post("/api/v1/marketplace/" + UUID.randomUUID() + "/install", null).expectError(404, "not_found");
        other.post("/api/v1/marketplace/nope/install", null).expectInvalid("id");
    }

    @Test
    void concurrentInstallsAreEachCounted() throws Exception {
        String id = publish(Api.unique("popular"));
        Api third = Api.createOrg("market-third").api();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Api.Resp>> installs = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                Api who = i % 2 == 0 ? other : third;
                installs.add(pool.submit(() -> who.post("/api/v1/marketplace/" + id + "/install", null)));
            }
            for (Future<Api.Resp> f : installs) {
                f.get().expect(201);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(24, admin.get("/api/v1/agents/" + id).expect(200).data().path("install_count").asLong());
        assertEquals(24, Api.countRows("select install_count from agents where id = ?", UUID.fromString(id)));
    }

    @Test
    void publishingNeedsAnAdminAndInstallingTheRightScopes() {
        Api member = Api.at(Jwt.forOrg(publisher.id(), "member").sign());
        member.post("/api/v1/agents", obj("name", "sneaky", "is_marketplace", true)).expectError(403, "forbidden");
        String own = member.post("/api/v1/agents", obj("name", "fine", "is_marketplace", false)).expect(201).id();
        member.patch("/api/v1/agents/" + own, obj("is_marketplace", true)).expectError(403, "forbidden");
        member.patch("/api/v1/agents/" + own, obj("description", "still fine")).expect(200);

        String id = publish(Api.unique("scoped"));
        String readOnly = other.post("/api/v1/tokens", obj("name", "reader", "scopes", List.of("marketplace:read"))).expect(201)
                .data().path("token").asText();
        Api.at(readOnly).get("/api/v1/marketplace/" + id).expect(200);
        Api.at(readOnly).post("/api/v1/marketplace/" + id + "/install", null).expectError(403, "forbidden");
        String noAgents = other.post("/api/v1/tokens", obj("name", "market only", "scopes", List.of("marketplace:write")))
                .expect(201).data().path("token").asText();
        Api.at(noAgents).post("/api/v1/marketplace/" + id + "/install", null).expectError(403, "forbidden");
        other.anonymous().get("/api/v1/marketplace").expectError(401, "unauthorized");
    }

    @Test
    void theSdkBrowsesAndInstalls() {
        String id = publish(Api.unique("sdk listed"));
        AgentryClient client = AgentryClient.builder().baseUrl(Api.baseUrl()).apiKey(installer.ownerToken()).build();
        MarketplaceAgent found = client.marketplace().retrieve(UUID.fromString(id));
        assertEquals(id, found.id().toString());
        assertTrue(client.marketplace().list(io.agentry.sdk.marketplace.MarketplaceListParams.builder().tag("code").limit(100).build())
                .autoPager().stream().anyMatch(a -> a.id().toString().equals(id)));
        Agent copy = client.marketplace().install(UUID.fromString(id));
        assertEquals(installer.id(), copy.organizationId());
        assertEquals(found.name(), copy.name());
    }
}
