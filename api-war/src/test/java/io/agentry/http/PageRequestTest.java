package io.agentry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageRequestTest {

    @Test
    void defaultsAndCap() {
        assertEquals(50, PageRequest.of(null, null).limit());
        assertEquals(7, PageRequest.of("7", "").limit());
        assertEquals(100, PageRequest.of("101", null).limit());
        assertEquals(100, PageRequest.of("99999999999", null).limit());
    }

    @Test
    void badLimitsNameTheParameter() {
        for (String bad : List.of("0", "-1", "abc", "1.5", "99999999999999999999999")) {
            ApiException e = assertThrows(ApiException.class, () -> PageRequest.of(bad, null), bad);
            assertEquals(400, e.status());
            assertEquals("limit", e.field());
        }
    }

    @Test
    void cursorRoundTripsAtMicrosecondPrecision() {
        OffsetDateTime at = OffsetDateTime.of(2026, 3, 12, 8, 0, 0, 123_456_000, ZoneOffset.UTC);
        UUID id = UUID.randomUUID();
        PageRequest next = PageRequest.of("10", PageRequest.cursorOf(at, id));
        assertEquals(at, next.afterCreatedAt());
        assertEquals(id, next.afterId());
        assertTrue(next.keysetCondition("a").contains("a.id < :cursorId"));
    }

    @Test
    void crewFormTimestampCursorMeansOlderThan() {
        PageRequest next = PageRequest.of(null, "2026-03-12T08:00:00.000Z");
        assertEquals(OffsetDateTime.parse("2026-03-12T08:00:00Z"), next.afterCreatedAt());
        assertNull(next.afterId());
        assertEquals("a.createdAt < :cursorTs", next.keysetCondition("a"));
    }

    @Test
    void garbageCursorsAreRefused() {
        for (String bad : List.of("zzz", "c1.", "c1.!!!", "c1.bm90LWEtY3Vyc29y", "2026-13-45")) {
            ApiException e = assertThrows(ApiException.class, () -> PageRequest.of(null, bad), bad);
            assertEquals("cursor", e.field());
        }
    }

    @Test
    void pageUsesTheExtraRowOnlyToSayThereIsMore() {
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC);
        List<UUID> rows = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        Page<String> page = PageRequest.of("2", null).page(rows, r -> t, r -> r, UUID::toString);
        assertEquals(2, page.items().size());
        assertTrue(page.hasMore());
        assertEquals(PageRequest.cursorOf(t, rows.get(1)), page.nextCursor());
        Page<String> last = PageRequest.of("3", null).page(rows, r -> t, r -> r, UUID::toString);
        assertFalse(last.hasMore());
        assertNull(last.nextCursor());
    }
}
