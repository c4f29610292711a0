package io.agentry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentLengthTest {

    @Test
    void aMissingHeaderIsMinusOne() {
        assertEquals(-1, RequestContextFilter.contentLength(null));
        assertEquals(-1, RequestContextFilter.contentLength(List.of()));
    }

    @Test
    void repeatedAgreeingValuesAreOneLength() {
        assertEquals(12, RequestContextFilter.contentLength(List.of("12")));
        assertEquals(12, RequestContextFilter.contentLength(List.of("12", "12")));
        assertEquals(12, RequestContextFilter.contentLength(List.of(" 12 , 12")));
    }

    @Test
    void disagreeingNegativeOrNonNumericValuesAreRefused() {
        for (List<String> bad : List.of(List.of("12", "13"), List.of("12,13"), List.of("-1"), List.of("twelve"), List.of("12,"))) {
            ApiException e = assertThrows(ApiException.class, () -> RequestContextFilter.contentLength(bad), bad.toString());
            assertEquals(400, e.status());
        }
    }
}
