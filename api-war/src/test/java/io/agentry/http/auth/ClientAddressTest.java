package io.agentry.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final ClientAddress clients = ClientAddress.trusting("10.0.0.0/8, 127.0.0.3, 2001:db8:ffff::/48");

    @Test
    void forwardedAddressesCountOnlyFromTrustedProxies() {
        assertEquals("203.0.113.9", clients.resolve("127.0.0.3", null, "203.0.113.9"));
        assertEquals("198.51.100.1", clients.resolve("198.51.100.1", null, "203.0.113.9"), "a client's own header is ignored");
        assertEquals("127.0.0.4", clients.resolve("127.0.0.4", "for=203.0.113.9", "203.0.113.9"));
    }

    @Test
    void theClientIsTheRightmostUntrustedHop() {
        // a client that sends its own X-Forwarded-For gets it prepended to, not believed
        assertEquals("203.0.113.9", clients.resolve("10.1.1.1", null, "1.1.1.1, 203.0.113.9, 10.2.2.2"));
        assertEquals("10.2.2.2", clients.resolve("10.1.1.1", null, "unknown, 10.2.2.2"), "as far as the proxies know");
        assertEquals("10.1.1.1", clients.resolve("10.1.1.1", null, "evil.example"), "names are never looked up");
        assertEquals("2001:db8:0:0:0:0:0:1", clients.resolve("127.0.0.3",
                "for=192.0.2.43;proto=https, for=\"[2001:db8::1]:4711\"", "198.51.100.77"), "Forwarded wins");
        assertEquals("192.0.2.60", clients.resolve("2001:db8:ffff:1::5", "for=192.0.2.60:8080;by=203.0.113.43", null));
        assertEquals("127.0.0.3", clients.resolve("127.0.0.3", null, null));
    }

    @Test
    void ipv6ClientsAreKeyedByTheirSlash64() {
        assertEquals(ClientAddress.key("2001:db8:1:2::1"), ClientAddress.key("2001:db8:1:2:ffff:ee:dd:cc"));
        assertNotEquals(ClientAddress.key("2001:db8:1:2::1"), ClientAddress.key("2001:db8:1:3::1"));
        assertEquals("192.0.2.1", ClientAddress.key("::ffff:192.0.2.1"), "an IPv4-mapped address is the IPv4 client");
        assertEquals("203.0.113.9", ClientAddress.key("203.0.113.9"));
    }

    @Test
    void onlyLiteralsAreAddressesAndBadProxyListsAreRefused() {
        assertNull(ClientAddress.literal("localhost"));
        assertNull(ClientAddress.literal("_hidden"));
        assertThrows(IllegalArgumentException.class, () -> ClientAddress.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> ClientAddress.parse("proxy.internal"));
    }
}
