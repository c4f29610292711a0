package io.agentry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The connect-time SSRF check: a name is judged by what it resolves to when the connection is made. */
class GuardedDnsResolverTest {

    @Test
    void aNameResolvingToAnAddressThePolicyRefusesIsNotConnected() throws Exception {
        OutboundUrls strict = new OutboundUrls();
        GuardedDnsResolver.RefusedAddress refused = assertThrows(GuardedDnsResolver.RefusedAddress.class,
                () -> new GuardedDnsResolver(strict).resolve("localhost"));
        assertFalse(refused.getMessage().contains("127.0.0.1"), "the address is not named: " + refused.getMessage());
        OutboundUrls local = new OutboundUrls();
        local.allowLoopback = true;
        assertEquals(true, new GuardedDnsResolver(local).resolve("localhost")[0].isLoopbackAddress());
    }
}
