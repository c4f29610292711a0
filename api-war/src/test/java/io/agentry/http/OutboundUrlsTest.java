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
        assertEquals("a cloud metadata address", refusal(defaults, "169.254.169.254"));
        assertEquals("a link-local address", refusal(defaults, "169.254.1.1"));
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
        assertEquals("a cloud metadata address", refusal(open, "169.254.169.254"));
        assertEquals("a link-local address", refusal(open, "fe80::1"));
        assertEquals("http://127.0.0.1:8080/hook", open.check("target_url", "http://127.0.0.1:8080/hook/"));
    }

    @Test
    void reservedRangesMetadataAndIpv4InsideIpv6AreRefused() throws Exception {
        OutboundUrls open = urls(true, true);
        for (String address : new String[] {"0.1.2.3", "240.0.0.1", "255.255.255.255", "198.18.0.1", "198.19.255.1"}) {
            assertEquals("a non-routable address", refusal(open, address), address);
        }
        assertNull(refusal(open, "198.20.0.1"));
        assertEquals("a cloud metadata address", refusal(open, "100.100.100.200"), "Alibaba's, inside 100.64/10");
        assertEquals("a cloud metadata address", refusal(open, "fd00:ec2::254"), "AWS's IPv6 one, a unique-local address");
        assertEquals("a cloud metadata address", refusal(open, "168.63.129.16"));
        OutboundUrls defaults = urls(false, false);
        assertEquals("a loopback address", refusal(defaults, "::127.0.0.1"), "IPv4-compatible");
        assertEquals("a private network address", refusal(defaults, "64:ff9b::10.0.0.1"), "NAT64");
        assertEquals("a cloud metadata address", refusal(defaults, "2002:a9fe:a9fe::1"), "6to4 of 169.254.169.254");
        assertEquals("a private network address", refusal(defaults, "2002:c0a8:0101::"), "6to4 of 192.168.1.1");
        assertNull(refusal(defaults, "2002:5db8:d822::1"), "6to4 of a public address");
        assertNull(refusal(defaults, "2606:2800:220:1:248:1893:25c8:1946"));
        ApiException e = assertThrows(ApiException.class, () -> defaults.check("target_url", "http://10.0.0.7/hook"));
        assertEquals(false, e.getMessage().contains("10.0.0.7"), "the answer does not name the address: " + e.getMessage());
    }
}
