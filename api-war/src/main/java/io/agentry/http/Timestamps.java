package io.agentry.http;

import java.time.OffsetDateTime;

/** Timestamps a client may send: years 1 to 9999, which every supported database can store. */
final class Timestamps {

    private Timestamps() {
    }

    static boolean isStorable(OffsetDateTime at) {
        int year = at.withOffsetSameInstant(java.time.ZoneOffset.UTC).getYear();
        return year >= 1 && year <= 9999;
    }
}
