package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Cursor pagination: newest first by (created_at, id), stable under equal timestamps (no row
 * skipped or repeated, unlike a bare-timestamp cursor), limit default 50 and capped at 100,
 * a CrewForm-style timestamp cursor accepted, and bad limits and cursors refused with 400.
 */
class PaginationIT {

    /** Two groups of agents forced onto equal timestamps, far in the past, so ties are guaranteed. */
    private static final OffsetDateTime OLD_TIE = OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 500_000_000, ZoneOffset.UTC);
    private static final OffsetDateTime NEWER_TIE = OffsetDateTime.of(2021, 6, 1, 12, 0, 0, 123_456_000, ZoneOffset.UTC);

    @Test
    void pagesAreStableUnderTimestampTies() throws SQLException {
        Api.Org org = Api.createOrg("paging-ties");
        Api api = org.api();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            created.add(api.createAgent("tie agent " + i).path("id").asText());
        }
        // agents 0-9 share OLD_TIE, 10-19 share NEWER_TIE, 20-24 keep their real (distinct, newer) times
        setCreatedAt(org.id(), created.subList(0, 10), OLD_TIE);
        setCreatedAt(org.id(), created.subList(10, 20), NEWER_TIE);
        List<String> expected = databaseOrder(org.id());
        assertEquals(25, expected.size());
        assertEquals(new HashSet<>(created), new HashSet<>(expected));

        // v1: follow X-Next-Cursor with limit 7
        List<String> seenV1 = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 10; page++) {
            Api.Resp r = api.get("/api/v1/agents?limit=7" + (cursor == null ? "" : "&cursor=" + Api.enc(cursor))).expect(200);
            List<String> ids = r.ids();
            seenV1.addAll(ids);
            pageSizes.add(ids.size());
            cursor = r.header("X-Next-Cursor");
            assertEquals(String.valueOf(cursor != null), r.requireHeader("X-Has-More"), "X-Has-More matches the cursor: " + r.describe());
            if (cursor == null) {
                break;
            }
        }
        assertEquals(List.of(7, 7, 7, 4), pageSizes, "25 agents in pages of 7");
        assertEveryIdOnce(created, seenV1);
        assertEquals(expected, seenV1, "v1 pages follow (created_at desc, id desc)");

        // v2: follow data.next_cursor
        List<String> seenV2 = new ArrayList<>();
        cursor = null;
        for (int page = 0; page < 10; page++) {
            Api.Resp r = api.v2().get("/api/v1/agents?limit=7" + (cursor == null ? "" : "&cursor=" + Api.enc(cursor))).expect(200);
            JsonNode data = r.json().path("data");
            seenV2.addAll(r.ids());
            cursor = data.path("next_cursor").isNull() ? null : data.path("next_cursor").asText(null);
            assertEquals(cursor != null, data.path("has_more").asBoolean(), "has_more matches next_cursor: " + r.describe());
            if (cursor == null) {
                break;
            }
        }
        assertEquals(expected, seenV2, "v2 pages give the same order");

        // the order is stable: the same walk again gives the same sequence, also with other page sizes
        for (int size : new int[] {1, 3, 10, 25, 50}) {
            assertEquals(expected, walk(api, size), "walk with limit " + size);
        }

        // newest first: the untouched agents (real timestamps) come before the 2021 tie, then the 2020 tie
        Set<String> recent = new HashSet<>(created.subList(20, 25));
        assertEquals(recent, new HashSet<>(expected.subList(0, 5)));
        assertEquals(new HashSet<>(created.subList(10, 20)), new HashSet<>(expected.subList(5, 15)));
        assertEquals(new HashSet<>(created.subList(0, 10)), new HashSet<>(expected.subList(15, 25)));
        List<JsonNode> all = api.listAll("/api/v1/agents");
        for (int i = 1; i < all.size(); i++) {
            OffsetDateTime previous = OffsetDateTime.parse(all.get(i - 1).path("created_at").asText());
            OffsetDateTime current = OffsetDateTime.parse(all.get(i).path("created_at").asText());
            assertFalse(current.isAfter(previous), "created_at must not increase down the list at " + i);
        }

        // a CrewForm-style bare timestamp cursor: rows strictly older than it
        Api.Resp olderThanNewTie = api.get("/api/v1/agents?limit=100&cursor=" + Api.enc(NEWER_TIE.toString())).expect(200);
        assertEquals(new HashSet<>(created.subList(0, 10)), new HashSet<>(olderThanNewTie.ids()),
                "timestamp cursor returns only agents created before it");
        Api.Resp olderThanAll = api.get("/api/v1/agents?cursor=" + Api.enc("2019-01-01T00:00:00Z")).expect(200);
        assertTrue(olderThanAll.items().isEmpty(), "nothing is older than 2019: " + olderThanAll.describe());
        assertEquals("false", olderThanAll.requireHeader("X-Has-More"));
    }

    @Test
    void limitDefaultsTo50AndIsCappedAt100() {
        Api.Org org = Api.createOrg("paging-cap");
        Api api = org.api();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 105; i++) {
            created.add(api.createAgent("cap agent " + i).path("id").asText());
        }
        assertEquals(105, created.size());

        Api.Resp defaultPage = api.get("/api/v1/agents").expect(200);
        assertEquals(50, defaultPage.items().size(), "default limit is 50");
        assertEquals("true", defaultPage.requireHeader("X-Has-More"));

        for (String limit : List.of("101", "1000", "2147483648", "99999999999")) {
            Api.Resp capped = api.get("/api/v1/agents?limit=" + limit).expect(200);
            assertEquals(100, capped.items().size(), "limit=" + limit + " is capped at 100");
            assertEquals("true", capped.requireHeader("X-Has-More"));
            String next = capped.requireHeader("X-Next-Cursor");
            Api.Resp rest = api.get("/api/v1/agents?limit=" + limit + "&cursor=" + Api.enc(next)).expect(200);
            assertEquals(5, rest.items().size(), "the remaining 5 after a capped page");
            assertEquals("false", rest.requireHeader("X-Has-More"));
            Set<String> union = new HashSet<>(capped.ids());
            union.addAll(rest.ids());
            assertEquals(created, union, "capped page + rest = everything");
        }

        Api.Resp exactly100 = api.v2().get("/api/v1/agents?limit=100").expect(200);
        assertEquals(100, exactly100.items().size());
        assertTrue(exactly100.json().path("data").path("has_more").asBoolean());
        Api.Resp one = api.get("/api/v1/agents?limit=1").expect(200);
        assertEquals(1, one.items().size());
        assertEquals(created, new HashSet<>(api.listAllIds("/api/v1/agents")), "listAll sees all 105");
    }

    @Test
    void badLimitsAndCursorsAre400() {
        Api.Org org = Api.createOrg("paging-bad");
        Api api = org.api();
        api.createAgent("one");
        for (String limit : List.of("0", "-1", "-100", "abc", "1.5", "1e3", "ten", "99999999999999999999999", "0x10", "+5%20x")) {
            api.get("/api/v1/agents?limit=" + limit).expectInvalid("limit");
            api.v2().get("/api/v1/tokens?limit=" + limit).expectInvalid("limit");
        }
        String fakeCursor = "c1." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("not-a-number|not-a-uuid".getBytes(StandardCharsets.UTF_8));
        String noBar = "c1." + Base64.getUrlEncoder().withoutPadding().encodeToString("12345".getBytes(StandardCharsets.UTF_8));
        for (String cursor : List.of("garbage", "c1.", "c1.!!!!", "c1.%%%", fakeCursor, noBar, "2024-13-45T99:00:00Z",
                "2024-01-01", "null", "x".repeat(2000), "' OR 1=1 --")) {
            api.get("/api/v1/agents?cursor=" + Api.enc(cursor)).expectInvalid("cursor");
            api.get("/api/v1/tokens?cursor=" + Api.enc(cursor)).expectInvalid("cursor");
        }
        // a cursor from another list is still well-formed: it must not fail, just page by its position
        String tokenCursor = null;
        for (int i = 0; i < 2; i++) {
            api.post("/api/v1/tokens", obj("name", "cursor " + i)).expect(201);
        }
        Api.Resp tokens = api.get("/api/v1/tokens?limit=1").expect(200);
        tokenCursor = tokens.requireHeader("X-Next-Cursor");
        assertNotNull(tokenCursor);
        api.get("/api/v1/agents?cursor=" + Api.enc(tokenCursor)).expect(200);
    }

    @Test
    void tokenListsPageTheSameWay() {
        Api.Org org = Api.createOrg("paging-tokens");
        Api api = org.api();
        Set<String> ids = new HashSet<>();
        ids.add(org.ownerTokenId()); // never null: Api.createOrg requires it
        for (int i = 0; i < 12; i++) {
            ids.add(api.post("/api/v1/tokens", obj("name", "page token " + i)).expect(201).id());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Resp r = api.get("/api/v1/tokens?limit=5" + (cursor == null ? "" : "&cursor=" + Api.enc(cursor))).expect(200);
            seen.addAll(r.ids());
            cursor = r.header("X-Next-Cursor");
            pages++;
        } while (cursor != null && pages < 20);
        assertEveryIdOnce(new ArrayList<>(ids), seen.stream().filter(ids::contains).toList());
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no token repeated across pages: " + seen);
        assertNull(cursor, "paging ended");
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> walk(Api api, int limit) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            Api.Resp r = api.get("/api/v1/agents?limit=" + limit + (cursor == null ? "" : "&cursor=" + Api.enc(cursor))).expect(200);
            assertTrue(r.items().size() <= limit, "page larger than limit " + limit);
            seen.addAll(r.ids());
            cursor = r.header("X-Next-Cursor");
            if (cursor == null) {
                return seen;
            }
        }
        throw new AssertionError("paging with limit " + limit + " did not end");
    }

    private static void assertEveryIdOnce(List<String> expected, List<String> seen) {
        assertEquals(seen.size(), new HashSet<>(seen).size(), "an id was repeated across pages: " + seen);
        assertEquals(new HashSet<>(expected), new HashSet<>(seen), "an id was skipped or foreign");
        assertEquals(expected.size(), seen.size());
    }

    private static void setCreatedAt(UUID organizationId, List<String> ids, OffsetDateTime at) throws SQLException {
        // A change made behind the application's back must bump the row version, as the schema
        // requires of every bulk update (rendered agents are cached per version).
        try (Connection c = Api.db();
             PreparedStatement update = c.prepareStatement(
                     "update agents set created_at = ?, version = version + 1 where organization_id = ? and id = ?")) {
            for (String id : ids) {
                update.setObject(1, at);
                update.setObject(2, organizationId);
                update.setObject(3, UUID.fromString(id));
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            for (int count : counts) {
                assertTrue(count == 1 || count == java.sql.Statement.SUCCESS_NO_INFO, "one agent row per update");
            }
        }
    }

    /** The order the API promises, as the database itself sorts it. */
    private static List<String> databaseOrder(UUID organizationId) throws SQLException {
        try (Connection c = Api.db();
             PreparedStatement query = c.prepareStatement(
                     "select id from agents where organization_id = ? order by created_at desc, id desc")) {
            query.setObject(1, organizationId);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class).toString());
                }
            }
            return ids;
        }
    }
}
