package io.agentry.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The SSRF check at connect time, for Apache HttpClient: every address a name resolves to when
 * a connection is made must pass {@link OutboundUrls#refusal}, so a name that resolves somewhere
 * else than when its URL was saved (DNS rebinding), or a policy changed since, reaches no
 * internal host. The answer names the host, never the address it resolved to.
 */
public final class GuardedDnsResolver implements DnsResolver {

    /** A name that resolves to an address this server does not call. */
    public static final class RefusedAddress extends UnknownHostException {
        RefusedAddress(String message) {
            super(message);
        }
    }

    private final OutboundUrls policy;

    public GuardedDnsResolver(OutboundUrls policy) {
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
        for (InetAddress address : addresses) {
            String refusal = policy.refusal(address);
            if (refusal != null) {
                throw new RefusedAddress(host + " resolves to " + refusal + ", which this server does not call");
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
}
