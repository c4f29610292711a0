package io.agentry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The SSRF guard: what a server calls by default, and what the operator may allow. */
class OutboundUrlsTest {

    private static OutboundUrls urls(boolean loopback, boolean privateNetworks) {
        OutboundUrls urls = new OutboundUrls();
        urls.allowLoopback = loopback;
        urls.allowPrivate = privateNetworks;
        return urls;
    }

    private static String refusal(OutboundUrls urls, String address) throws Exception {
        return urls.refusal(InetAddress.getByName(address));
    }

    @Test
    void onlyPublicAddressesAreCalledByDefault() throws Exception {
        OutboundUrls defaults = urls(false, false);
        assertEquals("a loopback address", refusal(defaults, "127.0.0.1"));
        assertEquals("a loopback address", refusal(defaults, "::1"));
        assertEquals("a private network address", refusal(defaults, "10.1.2.3"));
        assertEquals("a private network address", refusal(defaults, "192.168.1.20"));
        assertEquals("a private network address", refusal(defaults, "fd00::1"));
        assertEquals("a private network address", refusal(defaults, "100.64.0.1"));
        assertEquals("a link-local address", refusal(defaults, "169.254.169.254"));
        assertEquals("a non-routable address", refusal(defaults, "0.0.0.0"));
        assertNull(refusal(defaults, "93.184.216.34"));
        ApiException e = assertThrows(ApiException.class, () -> defaults.check("target_url", "http://127.0.0.1:8080/hook"));
        assertEquals("target_url", e.field());
    }

    @Test
    void theOperatorMayAllowLoopbackAndPrivateNetworksButNeverLinkLocal() throws Exception {
        OutboundUrls open = urls(true, true);
        assertNull(refusal(open, "127.0.0.1"));
        assertNull(refusal(open, "10.1.2.3"));
        assertEquals("a link-local address", refusal(open, "169.254.169.254"));
        assertEquals("http://127.0.0.1:8080/hook", open.check("target_url", "http://127.0.0.1:8080/hook/"));
    }
}
