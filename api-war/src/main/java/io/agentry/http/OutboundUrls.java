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
                throw ApiException.invalid(field, "points to " + refusal + " (" + address.getHostAddress()
                        + "), which this server does not call" + hint(refusal));
            }
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * Why this server does not call {@code address}, or null when it may: checked when a URL is
     * saved, and again by outbound clients when they connect (the name may resolve elsewhere by then).
     */
    public String refusal(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return allowLoopback ? null : "a loopback address";
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return "a non-routable address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address"; // cloud metadata endpoints live here: never allowed
        }
        boolean uniqueLocal = address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
        byte[] b = address.getAddress();
        boolean carrierNat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        if (address.isSiteLocalAddress() || uniqueLocal || carrierNat) {
            return allowPrivate ? null : "a private network address";
        }
        return null;
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
