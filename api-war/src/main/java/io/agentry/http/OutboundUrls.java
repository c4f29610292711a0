package io.agentry.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Guards URLs that callers hand us and that the server will later call (embedding endpoints,
 * webhooks, provider base URLs) against server-side request forgery: http(s) only, no
 * credentials in the URL, and every address the host resolves to must be public. Loopback and
 * private networks are refused unless the operator allows them (a self-hosted Ollama on the same
 * machine, the test suite's local fake servers).
 */
@ApplicationScoped
public class OutboundUrls {

    @Inject
    @ConfigProperty(name = "agentry.outbound.allow-loopback", defaultValue = "false")
    boolean allowLoopback;

    @Inject
    @ConfigProperty(name = "agentry.outbound.allow-private", defaultValue = "false")
    boolean allowPrivate;

    /** Returns the URL without a trailing slash, or throws a 400 naming {@code field}. */
    public String check(String field, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiException.invalid(field, "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiException.invalid(field, "must be an http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.invalid(field, "must not carry credentials");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw ApiException.invalid(field, "must name a host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw ApiException.invalid(field, "must not have a query or fragment");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw ApiException.invalid(field, "host '" + host + "' does not resolve");
        } catch (SecurityException e) {
            throw ApiException.invalid(field, "host '" + host + "' cannot be resolved here");
        }
        for (InetAddress address : addresses) {
            String refusal = refusal(address);
            if (refusal != null) {
                // the address itself is not named: the answer must not map an internal network for the caller
                throw ApiException.invalid(field, "points to " + refusal + ", which this server does not call" + hint(refusal));
            }
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Cloud metadata services: never called, whatever network they sit in. */
    private static final java.util.Set<String> METADATA = java.util.Set.of(
            "169.254.169.254", "169.254.170.2", "100.100.100.200", "168.63.129.16", "fd00:ec2:0:0:0:0:0:254");

    /**
     * Why this server does not call {@code address}, or null when it may: checked when a URL is
     * saved, and again by outbound clients when they connect (the name may resolve elsewhere by then).
     * An IPv6 address that carries an IPv4 one (IPv4-compatible, NAT64, 6to4) is judged by it.
     */
    public String refusal(InetAddress address) {
        if (METADATA.contains(address.getHostAddress())) {
            return "a cloud metadata address";
        }
        byte[] b = address.getAddress();
        InetAddress embedded = embeddedIpv4(b);
        if (embedded != null) {
            return refusal(embedded);
        }
        if (address.isLoopbackAddress()) {
            return allowLoopback ? null : "a loopback address";
        }
        boolean reserved4 = b.length == 4 && ((b[0] & 0xff) == 0 || (b[0] & 0xf0) == 0xf0 // 0/8, 240/4 and broadcast
                || ((b[0] & 0xff) == 198 && (b[1] & 0xfe) == 18)); // 198.18/15, benchmarking
        if (address.isAnyLocalAddress() || address.isMulticastAddress() || reserved4) {
            return "a non-routable address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address"; // cloud metadata endpoints live here: never allowed
        }
        boolean uniqueLocal = address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
        boolean carrierNat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        if (address.isSiteLocalAddress() || uniqueLocal || carrierNat) {
            return allowPrivate ? null : "a private network address";
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static InetAddress embeddedIpv4(byte[] b) {
        if (b.length != 16) {
            return null;
        }
        int from = -1;
        if (allZero(b, 0, 12) && !allZero(b, 12, 16) && !(b[12] == 0 && b[13] == 0 && b[14] == 0)) {
            from = 12; // ::a.b.c.d (not :: or ::1)
        } else if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 12)) {
            from = 12; // 64:ff9b::a.b.c.d
        } else if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            from = 2; // 2002:AABB:CCDD::
        }
        if (from < 0) {
            return null;
        }
        try {
            return InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, from, from + 4));
        } catch (UnknownHostException impossible) {
            return null;
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String hint(String refusal) {
        if (refusal.startsWith("a loopback")) {
            return " (the operator can allow it with AGENTRY_OUTBOUND_ALLOW_LOOPBACK=true)";
        }
        if (refusal.startsWith("a private")) {
            return " (the operator can allow it with AGENTRY_OUTBOUND_ALLOW_PRIVATE=true)";
        }
        return "";
    }
}
