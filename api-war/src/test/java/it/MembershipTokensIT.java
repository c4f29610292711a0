package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Offboarding: when a person is demoted or removed from the organization, every token they made
 * is revoked at once (the server evicts its token cache on the change, so no waiting). Tokens of
 * other people are not affected.
 */
class MembershipTokensIT {

    private static final List<String> ADMIN_SCOPES = List.of("admin", "read", "write");

    @Test
    void demotingOrRemovingAPersonRevokesTheTokensTheyMade() {
        Api.Org org = Api.createOrg("membership-tokens");
        Api owner = org.api();
        String membersPath = "/api/v1/organizations/" + org.id() + "/members";

        // the owner's own admin-scoped token, made as usual: the control, which stays admin throughout
        JsonNode ownerAdmin = owner.post("/api/v1/tokens", obj("name", "owner admin", "scopes", ADMIN_SCOPES)).expect(201).data();
        assertEquals(ADMIN_SCOPES, strings(ownerAdmin.path("scopes")), "owner token scopes: " + ownerAdmin);
        assertEquals(org.ownerUserId(), ownerAdmin.path("created_by").path("id").asText(null), "created by the owner: " + ownerAdmin);
        Api ownerAdminToken = Api.at(ownerAdmin.path("token").asText());
        ownerAdminToken.post("/api/v1/tokens", obj("name", "by the owner's admin token")).expect(201);

        // a second person: an admin signing in through the identity provider (a JWT for a new user id, group admin).
        // Tokens belong to the calling user, so this JWT is how a token gets a creator other than the owner.
        Jwt jwt = Jwt.forOrg(org.id(), "admin");
        String adminUserId = jwt.subject();
        JsonNode byAdmin = Api.at(jwt.sign()).post("/api/v1/tokens", obj("name", "by-admin", "scopes", ADMIN_SCOPES))
                .expect(201).data();
        assertEquals(ADMIN_SCOPES, strings(byAdmin.path("scopes")), "scopes of the admin's token: " + byAdmin);
        JsonNode creator = byAdmin.path("created_by");
        assertTrue(creator.isObject(), "created_by must name the JWT user: " + byAdmin);
        assertEquals(adminUserId, creator.path("id").asText(null), "created_by.id is the JWT subject: " + byAdmin);
        String secret = byAdmin.path("token").asText(null);
        assertNotNull(secret, "the create response carries the secret: " + byAdmin);
        Api adminToken = Api.at(secret);

        // the JWT user was provisioned as an admin member on first use
        assertEquals("admin", roleOf(owner, membersPath, adminUserId),
                "the JWT user is listed as an admin member: " + owner.listAll(membersPath));

        // while its creator is an admin, the token has the admin right
        adminToken.get("/api/v1/agents").expect(200);
        JsonNode madeWhileAdmin = adminToken.post("/api/v1/tokens", obj("name", "made while admin")).expect(201).data();
        assertEquals(adminUserId, madeWhileAdmin.path("created_by").path("id").asText(null),
                "a token made with the admin's token is the admin's too: " + madeWhileAdmin);

        // demoted to member: every token the admin made is revoked (it was made with rights they no longer have)
        JsonNode demoted = owner.patch(membersPath + "/" + adminUserId, obj("role", "member")).expect(200).data();
        assertEquals(adminUserId, demoted.path("user_id").asText(null), "PATCH answers with the member: " + demoted);
        assertEquals("member", demoted.path("role").asText(null), "PATCH answers with the new role: " + demoted);
        assertEquals("member", roleOf(owner, membersPath, adminUserId), "the members list shows the demotion");
        adminToken.get("/api/v1/agents").expectError(401, "unauthorized");
        Api.at(madeWhileAdmin.path("token").asText()).get("/api/v1/agents").expectError(401, "unauthorized");
        // the person's session follows the organization's record, whatever the identity provider's groups say
        Api.at(jwt.sign()).post("/api/v1/tokens", obj("name", "as a demoted admin")).expectError(403, "forbidden");
        Api.at(jwt.sign()).get("/api/v1/agents").expect(200);
        assertEquals("revoked", owner.get("/api/v1/tokens/" + byAdmin.path("id").asText()).expect(200).data().path("status").asText());
        // the owner's tokens are not affected
        ownerAdminToken.post("/api/v1/tokens", obj("name", "owner still admin")).expect(201);

        // promoted again, the person makes a new token; removed from the organization, it stops working at once
        owner.patch(membersPath + "/" + adminUserId, obj("role", "admin")).expect(200);
        String again = Api.at(jwt.sign()).post("/api/v1/tokens", obj("name", "made after promotion")).expect(201).data()
                .path("token").asText();
        Api.at(again).get("/api/v1/agents").expect(200);
        Api.Resp removed = owner.delete(membersPath + "/" + adminUserId).expect(204);
        assertTrue(removed.body().isEmpty(), "204 has no body: " + removed.describe());
        assertNull(roleOf(owner, membersPath, adminUserId), "the removed member is no longer listed");
        Api.at(again).get("/api/v1/agents").expectError(401, "unauthorized");
        Api.at(again).post("/api/v1/tokens", obj("name", "after removal")).expectError(401, "unauthorized");
        // and the person's sessions stop too: the identity provider still vouches, the organization does not
        Api.at(jwt.sign()).get("/api/v1/agents").expectError(403, "forbidden");
        // added back by an admin, they work again, with the role the organization gives them
        owner.post(membersPath, obj("email", jwt.email(), "role", "member")).expect(201);
        Api.at(jwt.sign()).get("/api/v1/agents").expect(200);
        Api.at(jwt.sign()).post("/api/v1/tokens", obj("name", "as a member again")).expectError(403, "forbidden");
        ownerAdminToken.post("/api/v1/tokens", obj("name", "owner admin after removal")).expect(201);

        // the refused calls created nothing; the revoked tokens stay listed, revoked
        List<JsonNode> tokens = owner.listAll("/api/v1/tokens");
        List<String> names = tokens.stream().map(t -> t.path("name").asText()).toList();
        assertTrue(names.contains("made while admin"), "tokens: " + names);
        assertFalse(names.contains("after removal"), "a refused creation created a token: " + names);
        assertTrue(tokens.stream().filter(t -> t.path("created_by").path("id").asText().equals(adminUserId))
                .allMatch(t -> t.path("status").asText().equals("revoked")), "every token of the person is revoked: " + tokens);
    }

    /** The member's role in the members list, or null when not listed. */
    private static String roleOf(Api api, String membersPath, String userId) {
        return api.listAll(membersPath).stream()
                .filter(m -> userId.equals(m.path("user_id").asText()))
                .map(m -> m.path("role").asText("(no role)"))
                .findFirst().orElse(null);
    }

    private static List<String> strings(JsonNode array) {
        assertTrue(array.isArray(), "expected an array, got " + array);
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).sorted().toList();
    }
}
