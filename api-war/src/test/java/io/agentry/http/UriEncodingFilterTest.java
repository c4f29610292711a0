package io.agentry.http;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UriEncodingFilterTest {

    @Test
    void wellFormedEscapesPass() {
        assertNull(UriEncodingFilter.problem("/api/v1/agents", "path"));
        assertNull(UriEncodingFilter.problem("cursor=c1.MTc5%3D&q=caf%C3%A9%20au%20lait", "query string"));
        assertNull(UriEncodingFilter.problem(null, "query string"));
    }

    @Test
    void brokenEscapesAndNonUtf8AreNamed() {
        assertNotNull(UriEncodingFilter.problem("cursor=%%%garbage", "query string"));
        assertNotNull(UriEncodingFilter.problem("/api/v1/agents/%zz", "path"));
        assertNotNull(UriEncodingFilter.problem("a=%4", "query string"));
        assertNotNull(UriEncodingFilter.problem("/api/v1/agents/%C0%AF", "path"), "an overlong UTF-8 slash");
        assertNotNull(UriEncodingFilter.problem("q=%FF", "query string"));
    }
}
