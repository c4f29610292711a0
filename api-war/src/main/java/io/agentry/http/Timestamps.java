package io.agentry.http;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Timestamps a client may send: years 1 to 9999, which every supported database can store. */
public final class Timestamps {

    private Timestamps() {
    }

    static boolean isStorable(OffsetDateTime at) {
        int year = at.withOffsetSameInstant(ZoneOffset.UTC).getYear();
        return year >= 1 && year <= 9999;
    }

    /** A query parameter: an ISO-8601 timestamp with offset, or a date meaning its start in UTC; null if absent. */
    public static OffsetDateTime param(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        OffsetDateTime at;
        try {
            at = t.length() == 10 ? LocalDate.parse(t).atStartOfDay().atOffset(ZoneOffset.UTC) : OffsetDateTime.parse(t);
        } catch (RuntimeException e) {
            throw ApiException.invalid(field, "must be a date (2026-01-31) or an ISO-8601 timestamp with offset (2026-01-31T00:00:00Z)");
        }
        if (!isStorable(at)) {
            throw ApiException.invalid(field, "must be between the years 1 and 9999");
        }
        return at;
    }
}
