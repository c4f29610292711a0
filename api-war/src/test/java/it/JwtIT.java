package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * User-session JWTs (issuer https://idp.agentry.test, RS256): admins and owners manage agents and
 * tokens, members use agents but not tokens, and every forged, expired or foreign JWT is a 401.
 */
class JwtIT {

    private static Api.Org org;

    @BeforeAll
    static void createOrganization() {
        org = Api.createOrg("jwt");
    }

    private static Api as(String jwt) {
        return Api.at(jwt);
    }

    @Test
    void adminJwtManagesAgentsAndTokens() {
        Jwt jwt = Jwt.forOrg(org.id(), "admin");
        Api admin = as(jwt.sign());

        admin.get("/api/v1/agents").expect(200);
        JsonNode agent = admin.post("/api/v1/agents", obj("name", "made by a JWT admin")).expect(201).data();
        assertEquals(org.id().toString(), agent.path("organization_id").asText(), "agent belongs to the JWT's org");
        assertTrue(admin.listAllIds("/api/v1/agents").contains(agent.path("id").asText()));

        admin.get("/api/v1/tokens").expect(200);
        JsonNode token = admin.post("/api/v1/tokens", obj("name", "made by a JWT admin")).expect(201).data();
        String secret = token.path("token").asText(null);
        assertNotNull(secret, "create response carries the secret: " + token);
        JsonNode creator = token.path("created_by");
        assertTrue(creator.isObject(), "created_by must name the JWT user who created the token: " + token);
        assertEquals(jwt.subject(), creator.path("id").asText(), "created_by.id is the JWT subject (a UUID): " + token);
        assertEquals(jwt.email(), creator.path("email").asText(null), "created_by.email is the JWT's email: " + token);
        // the token issued to the JWT user works and belongs to the same organization
        Api viaToken = Api.at(secret);
        List<String> ids = viaToken.listAllIds("/api/v1/agents");
        assertTrue(ids.contains(agent.path("id").asText()), "token sees the organization's agents");
        assertTrue(org.api().listAllIds("/api/v1/tokens").contains(token.path("id").asText()),
                "the owner token sees the token created through the JWT");

        // the JWT also works in X-API-Key
        admin.viaApiKeyHeader().get("/api/v1/agents").expect(200);
        // revoke and delete through the JWT
        admin.post("/api/v1/tokens/" + token.path("id").asText() + "/revoke", null).expect(200);
        viaToken.get("/api/v1/agents").expect(401);
        admin.delete("/api/v1/tokens/" + token.path("id").asText()).expect(204);
        admin.delete("/api/v1/agents/" + agent.path("id").asText()).expect(204);
    }

    @Test
    void ownerJwtCreatesTokens() {
        Api owner = as(Jwt.forOrg(org.id(), "owner").sign());
        owner.post("/api/v1/tokens", obj("name", "owner JWT token")).expect(201);
        owner.get("/api/v1/tokens").expect(200);
    }

    @Test
    void memberJwtUsesAgentsButNotTokens() {
        Api member = as(Jwt.forOrg(org.id(), "member").sign());
        member.get("/api/v1/agents").expect(200);
        JsonNode agent = member.post("/api/v1/agents", obj("name", "made by a member")).expect(201).data();
        member.get("/api/v1/agents/" + agent.path("id").asText()).expect(200);

        member.get("/api/v1/tokens").expectError(403, "forbidden");
        member.post("/api/v1/tokens", obj("name", "member token")).expectError(403, "forbidden");
        String ownerTokenId = org.ownerTokenId(); // never null: Api.createOrg requires it
        member.get("/api/v1/tokens/" + ownerTokenId).expectError(403, "forbidden");
        member.post("/api/v1/tokens/" + ownerTokenId + "/revoke", null).expectError(403, "forbidden");
        member.delete("/api/v1/tokens/" + ownerTokenId).expectError(403, "forbidden");
        org.api().get("/api/v1/agents").expect(200); // owner token untouched
        assertFalse(org.api().listAll("/api/v1/tokens").stream()
                .anyMatch(t -> "member token".equals(t.path("name").asText())), "refused creation created nothing");

        // unknown extra groups do not grant anything
        Api memberPlus = as(Jwt.forOrg(org.id(), "member", "superuser", "root").sign());
        memberPlus.post("/api/v1/tokens", obj("name", "member token")).expectError(403, "forbidden");
    }

    @Test
    void organizationCreationNeedsTheSystemAdminGroup() {
        Api admin = as(Jwt.forOrg(org.id(), "admin").sign());
        admin.post("/api/v1/organizations", obj("name", Api.unique("jwt-denied"), "plan", "free"))
                .expectError(403, "forbidden");

        Api system = as(Jwt.forOrg(org.id(), "admin", "system-admin").sign());
        Api.Resp created = system.post("/api/v1/organizations",
                obj("name", Api.unique("it-jwt-system"), "plan", "free", "rate_limit_per_minute", 100_000));
        created.expect(201);
        assertTrue(created.data().path("organization").hasNonNull("id"), created.describe());
    }

    @Test
    void expiredJwtIsRejected() {
        String expired = Jwt.forOrg(org.id(), "admin").expiresIn(-600).sign();
        as(expired).get("/api/v1/agents").expectError(401, "unauthorized");
        as(expired).viaApiKeyHeader().get("/api/v1/agents").expectError(401, "unauthorized");
    }

    @Test
    void wrongIssuerIsRejected() {
        as(Jwt.forOrg(org.id(), "admin").issuer("https://evil.example").sign())
                .get("/api/v1/agents").expectError(401, "unauthorized");
        as(Jwt.forOrg(org.id(), "admin").without("iss").sign())
                .get("/api/v1/agents").expectError(401, "unauthorized");
    }

    @Test
    void theAudienceAndAShortLifetimeAreRequired() {
        as(Jwt.forOrg(org.id(), "admin").without("aud").sign()).get("/api/v1/agents").expectError(401, "unauthorized");
        as(Jwt.forOrg(org.id(), "admin").claim("aud", "another-application").sign())
                .get("/api/v1/agents").expectError(401, "unauthorized");
        // at most a day (AGENTRY_JWT_MAX_LIFETIME_SECONDS): a stolen week-long token is refused
        as(Jwt.forOrg(org.id(), "admin").expiresIn(7 * 86_400).sign()).get("/api/v1/agents").expectError(401, "unauthorized");
        as(Jwt.forOrg(org.id(), "admin").expiresIn(23 * 3_600).sign()).get("/api/v1/agents").expect(200);
    }

    /**
     * The H2 server reads its keys from the identity provider's JWKS URL (served by the fake model
     * server): a key added by a rotation is used as soon as a token names it; an unpublished one never.
     */
    @Test
    void keysComeFromTheIdentityProvidersJwksUrlAndRotate() {
        FakeLlmServer fake = FakeLlmServer.start();
        String first = Jwt.jwk(Jwt.publicKey(), "idp-key-1");
        fake.publishJwks(first);
        Api h2 = Api.at(Api.h2BaseUrl(), Api.bootstrapToken());
        java.util.UUID h2Org = java.util.UUID.fromString(h2.get("/api/v1/me").expect(200).data().path("workspace_id").asText());
        Api.at(Api.h2BaseUrl(), Jwt.forOrg(h2Org, "admin").keyId("idp-key-1").sign()).get("/api/v1/agents").expect(200);

        java.security.KeyPair rotated = Jwt.otherKeyPair();
        String beforeRotation = Jwt.forOrg(h2Org, "admin").keyId("idp-key-2").signedWith(rotated.getPrivate()).sign();
        Api.at(Api.h2BaseUrl(), beforeRotation).get("/api/v1/agents").expectError(401, "unauthorized");
        fake.publishJwks(first, Jwt.jwk(rotated.getPublic(), "idp-key-2"));
        Api.sleep(1_000); // past the resolver's minimum interval between two fetches
        Api.at(Api.h2BaseUrl(), Jwt.forOrg(h2Org, "admin").keyId("idp-key-2").signedWith(rotated.getPrivate()).sign())
                .get("/api/v1/agents").expect(200);
        String unpublished = Jwt.forOrg(h2Org, "admin").keyId("idp-key-3").signedWith(Jwt.otherKeyPair().getPrivate()).sign();
        Api.at(Api.h2BaseUrl(), unpublished).get("/api/v1/agents").expectError(401, "unauthorized");
    }

    @Test
    void jwtSignedWithAnotherKeyIsRejected() {
        String forged = Jwt.forOrg(org.id(), "owner").signedWith(Jwt.otherKeyPair().getPrivate()).sign();
        as(forged).get("/api/v1/agents").expectError(401, "unauthorized");
        as(forged).post("/api/v1/tokens", obj("name", "forged")).expectError(401, "unauthorized");
    }

    @Test
    void unsignedAndAlgorithmConfusionJwtsAreRejected() {
        as(Jwt.forOrg(org.id(), "owner").unsigned()).get("/api/v1/agents").expectError(401, "unauthorized");
        as(Jwt.forOrg(org.id(), "owner").hs256WithPublicKeyAsSecret()).get("/api/v1/agents").expectError(401, "unauthorized");
    }

    @Test
    void tamperedJwtIsRejected() {
        String good = Jwt.forOrg(org.id(), "member").sign();
        as(good).get("/api/v1/agents").expect(200);
        String[] parts = good.split("\\.");
        // swap in a payload that claims owner, keeping the member's signature
        String ownerPayload = Jwt.forOrg(org.id(), "owner").sign().split("\\.")[1];
        as(parts[0] + "." + ownerPayload + "." + parts[2]).get("/api/v1/agents").expectError(401, "unauthorized");
        // a truncated signature
        as(parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4))
                .get("/api/v1/agents").expectError(401, "unauthorized");
    }

    @Test
    void requiredClaimsAreEnforced() {
        as(Jwt.forOrg(org.id(), "admin").without("exp").sign()).get("/api/v1/agents").expectError(401, "unauthorized");
        as(Jwt.forOrg(org.id(), "admin").without("sub").sign()).get("/api/v1/agents").expectError(401, "unauthorized");
        // an organization that does not exist, or none at all
        as(Jwt.forOrg(UUID.randomUUID(), "admin").sign()).get("/api/v1/agents").expectError(401, "unauthorized");
        as(Jwt.forOrg(org.id(), "admin").without("org_id").sign()).get("/api/v1/agents").expectError(401, "unauthorized");
        as(Jwt.forOrg(org.id(), "admin").claim("org_id", "not-a-uuid").sign()).get("/api/v1/agents").expectError(401, "unauthorized");
        // a valid identity with no role in the organization: authenticated but not allowed
        as(Jwt.forOrg(org.id()).sign()).get("/api/v1/agents").expectError(403, "forbidden");
    }

    @Test
    void jwtCallersSeeOnlyTheirOrganization() {
        Api.Org other = Api.createOrg("jwt-other");
        JsonNode foreign = other.api().createAgent("other org agent");
        Api admin = as(Jwt.forOrg(org.id(), "admin").sign());
        admin.get("/api/v1/agents/" + foreign.path("id").asText()).expectError(404, "not_found");
        assertFalse(admin.listAllIds("/api/v1/agents").contains(foreign.path("id").asText()));
        other.api().get("/api/v1/agents/" + foreign.path("id").asText()).expect(200);
    }

    @Test
    void meDescribesTheJwtCaller() {
        Jwt jwt = Jwt.forOrg(org.id(), "admin");
        Api admin = as(jwt.sign());
        JsonNode me = admin.get("/api/v1/me").expect(200).data();
        assertEquals(org.id().toString(), me.path("organization").path("id").asText(), "/me organization.id: " + me);
        assertEquals(1, me.path("api_version").asInt(), "/me api_version without header: " + me);
        assertEquals("jwt", me.path("auth_type").asText(), "/me auth_type: " + me);
        assertEquals("admin", me.path("role").asText(), "/me role: " + me);
        assertEquals(jwt.subject(), me.path("id").asText(), "/me id is the JWT subject (a UUID): " + me);
        assertTrue(me.path("token_id").isNull() || me.path("token_id").isMissingNode(), "no token for a JWT: " + me);
        JsonNode me2 = admin.v2().get("/api/v1/me").expect(200).data();
        assertEquals(2, me2.path("api_version").asInt(), "/me api_version with X-API-Version: 2: " + me2);
    }
}
