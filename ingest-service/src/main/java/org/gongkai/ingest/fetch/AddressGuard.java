package org.gongkai.ingest.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.gongkai.ingest.url.AllowedNetworks;

/**
 * Server-side request forgery guard: decides, before any connection, whether a URL may be fetched.
 *
 * <p>Only {@code http} and {@code https} URLs with a host pass. The host is resolved with the injected
 * {@link HostResolver} and <em>every</em> address must be public: loopback, private (10/8, 172.16/12,
 * 192.168/16, fc00::/7), link-local (169.254/16 with the cloud metadata address 169.254.169.254, fe80::/10),
 * multicast, the any-local address and other non-routable ranges (0/8, 100.64/10, 198.18/15, 240/4, IPv4
 * embedded in IPv6) are refused unless they lie in one of the site's {@link AllowedNetworks}. Link-local,
 * cloud metadata, unspecified and multicast addresses are refused always ({@link AllowedNetworks#neverReason}).
 * The fetcher calls this for every redirect hop and every attachment host.
 *
 * <p>DNS rebinding: {@link #check} returns the addresses it vetted, and {@link PinnedHttpTransport} (the
 * service's transport) connects only to those, never resolving the name again, so a DNS answer that changes
 * between the check and the connection cannot redirect it. ({@link JdkHttpTransport} resolves again and keeps
 * that gap.)
 *
 * <p>Thread-safe when the resolver is.
 */
public final class AddressGuard {

    private final HostResolver resolver;

    public AddressGuard(HostResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * Checks a URL.
     *
     * @param allowed the non-public networks the site may reach (besides public addresses)
     * @return the resolved addresses
     * @throws BlockedAddressException when the scheme, host or any address is not allowed
     * @throws FetchException when the host does not resolve
     */
    public List<InetAddress> check(URI uri, AllowedNetworks allowed) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BlockedAddressException("scheme not allowed: " + uri);
        }
        String host = host(uri);
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new FetchException("unknown host " + host, e);
        }
        if (addresses == null || addresses.isEmpty()) {
            throw new FetchException("no address for host " + host, null, true);
        }
        for (InetAddress address : addresses) {
            String never = AllowedNetworks.neverReason(address);
            if (never != null) {
                throw new BlockedAddressException(host + " resolves to " + never + " address "
                        + address.getHostAddress() + ": refused (never allowed)");
            }
            String why = nonPublicReason(address);
            if (why != null && !allowed.allows(address)) {
                throw new BlockedAddressException(host + " resolves to " + why + " address "
                        + address.getHostAddress() + ": refused (not in the site's allowed-networks " + allowed
                        + ")");
            }
        }
        return addresses;
    }

    /** The host of a URL without IPv6 brackets; refuses URLs without one. */
    static String host(URI uri) throws BlockedAddressException {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new BlockedAddressException("no host in " + uri);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host;
    }

    /** Why an address is not public (e.g. {@code "loopback"}), or {@code null} for a public address. */
    public static String nonPublicReason(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "any-local";
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4Reason(b);
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "private";
            }
            // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96) addresses
            // reach the embedded IPv4 address.
            boolean mapped = isZero(b, 0, 10) && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && isZero(b, 4, 12);
            if (mapped || nat64 || isZero(b, 0, 12)) {
                byte[] v4 = {b[12], b[13], b[14], b[15]};
                String embedded = ipv4Reason(v4);
                return embedded == null ? null : "embedded " + embedded;
            }
        }
        return null;
    }

    private static String ipv4Reason(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0) {
            return "this-network";
        }
        if (first == 10 || (first == 172 && (second & 0xf0) == 16) || (first == 192 && second == 168)) {
            return "private";
        }
        if (first == 127) {
            return "loopback";
        }
        if (first == 169 && second == 254) {
            return "link-local";
        }
        if (first == 100 && (second & 0xc0) == 64) {
            return "shared (carrier-grade NAT)";
        }
        if (first == 198 && (second & 0xfe) == 18) {
            return "benchmarking";
        }
        if (first >= 224) {
            return first < 240 ? "multicast" : "reserved";
        }
        return null;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
