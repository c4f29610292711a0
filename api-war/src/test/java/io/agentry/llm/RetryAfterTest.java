package io.agentry.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    @Test
    void secondsMillisecondsAndDatesAreRead() {
        assertEquals(Optional.of(Duration.ofSeconds(3)), RetryAfter.parse(Optional.empty(), Optional.of("3")));
        assertEquals(Optional.of(Duration.ofMillis(1500)), RetryAfter.parse(Optional.of("1500"), Optional.of("2")),
                "retry-after-ms is the more precise");
        String inTenSeconds = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration until = RetryAfter.parse(Optional.empty(), Optional.of(inTenSeconds)).orElseThrow();
        assertTrue(until.toSeconds() >= 8 && until.toSeconds() <= 10, until.toString());
        String past = ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(10).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse(Optional.empty(), Optional.of(past)));
    }

    @Test
    void whatCannotBeReadIsNoInstruction() {
        assertEquals(Optional.empty(), RetryAfter.parse(Optional.empty(), Optional.empty()));
        assertEquals(Optional.empty(), RetryAfter.parse(Optional.empty(), Optional.of("soon")));
        assertEquals(Optional.empty(), RetryAfter.parse(Optional.of("x"), Optional.empty()));
        assertEquals(Optional.empty(), RetryAfter.parse(Optional.empty(), Optional.of("-5")));
        assertEquals(Optional.empty(), RetryAfter.parse(Optional.of("-5"), Optional.empty()));
        assertEquals(Optional.of(Duration.ofSeconds(2)), RetryAfter.parse(Optional.of("x"), Optional.of("2")),
                "an unreadable retry-after-ms does not hide a readable Retry-After");
    }
}
