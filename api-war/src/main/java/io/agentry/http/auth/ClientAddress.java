package io.agentry.http.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who a request comes from: the TCP peer, or, when the peer is one of the reverse proxies named
 * in {@code AGENTRY_TRUSTED_PROXIES} (CIDRs), the address the proxies forwarded ({@code Forwarded}
 * {@code for=}, else {@code X-Forwarded-For}), read from the right past every trusted hop, so a
 * client cannot choose its own address by sending the header itself. Throttles key on
 * {@link #key}: an IPv4 address, or an IPv6 address's /64 (one subscriber's allocation, inside
 * which rotating addresses stay).
 */
@ApplicationScoped
public class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    @Inject
    @ConfigProperty(name = "agentry.trusted.proxies")
    Optional<String> proxies;

    private List<Cidr> trusted = List.of();

    @PostConstruct
    void init() {
        trusted = parse(proxies.orElse(""));
    }

    /** For tests: trusting {@code cidrs}. */
    static ClientAddress trusting(String cidrs) {
        ClientAddress c = new ClientAddress();
        c.trusted = parse(cidrs);
        return c;
    }

    /** A range of addresses: a network and its prefix length. */
    record Cidr(byte[] network, int bits) {
        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((a[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Parses {@code 10.0.0.0/8, 2001:db8::/32, 192.0.2.7}; a bad entry stops the server from starting. */
    static List<Cidr> parse(String text) {
        List<Cidr> list = new ArrayList<>();
        for (String entry : text.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            InetAddress network = literal(slash < 0 ? e : e.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("AGENTRY_TRUSTED_PROXIES: '" + e + "' is not an IP address or CIDR");
            }
            int max = network.getAddress().length * 8;
            int bits;
            try {
                bits = slash < 0 ? max : Integer.parseInt(e.substring(slash + 1));
            } catch (NumberFormatException nfe) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("AGENTRY_TRUSTED_PROXIES: '" + e + "' has a bad prefix length");
            }
            list.add(new Cidr(network.getAddress(), bits));
        }
        return List.copyOf(list);
    }

    /** The client's address (a literal) for a request from {@code peer} with these headers. */
    public String resolve(String peer, String forwarded, String xForwardedFor) {
        InetAddress peerAddress = literal(peer);
        if (peerAddress == null || !isTrusted(peerAddress)) {
            return peer;
        }
        List<String> hops = forwarded != null && !forwarded.isBlank() ? forwardedFor(forwarded)
                : xForwardedFor != null ? List.of(xForwardedFor.split(",")) : List.of();
        InetAddress client = peerAddress;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i).trim());
            if (hop == null) {
                break; // an obfuscated or malformed hop: the last proxy that named it is as far as we know
            }
            client = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return client.getHostAddress();
    }

    /** What throttles key on: the address, or an IPv6 address's /64 network. */
    public static String key(String address) {
        InetAddress a = literal(address);
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                s.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return s.append(":/64").toString();
        }
        return a == null ? String.valueOf(address) : a.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr c : trusted) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code for=} values of a Forwarded header, in order. */
    private static List<String> forwardedFor(String header) {
        List<String> values = new ArrayList<>();
        for (String element : header.split(",")) {
            for (String pair : element.split(";")) {
                String p = pair.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
                    values.add(p.substring(4));
                }
            }
        }
        return values;
    }

    /**
     * An IP literal as an address (IPv4-mapped IPv6 as IPv4), or null; never a DNS lookup. Accepts
     * the forms proxies write: {@code "[2001:db8::1]:4711"}, {@code 192.0.2.1:80}, quoted.
     */
    static InetAddress literal(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                return null;
            }
            t = t.substring(1, close);
        } else if (t.indexOf(':') > 0 && t.indexOf(':') == t.lastIndexOf(':') && t.indexOf('.') > 0) {
            t = t.substring(0, t.indexOf(':')); // 192.0.2.1:80
        }
        int zone = t.indexOf('%');
        if (zone >= 0) {
            t = t.substring(0, zone);
        }
        if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) {
            return null; // a name or "unknown": never looked up
        }
        try {
            InetAddress a = InetAddress.getByName(t);
            return a instanceof Inet4Address || a instanceof Inet6Address ? a : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
