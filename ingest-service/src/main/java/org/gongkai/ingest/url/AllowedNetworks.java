package org.gongkai.ingest.url;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The non-public networks a site may reach ({@code gongkai.ingest.sites[n].allowed-networks}), besides the public
 * internet, and the addresses no site may ever reach.
 *
 * <p>Never reachable, whatever is listed: link-local (169.254.0.0/16, fe80::/10), which holds the cloud metadata
 * services, the other metadata addresses (Alibaba Cloud 100.100.100.200, AWS IPv6 fd00:ec2::254, Oracle Cloud
 * 192.0.0.192), the unspecified addresses (0.0.0.0/8, ::/128: connecting to them reaches the local host) and
 * multicast (224.0.0.0/4, ff00::/8). A listed network that overlaps any of them is refused by {@link #of} (so the
 * service does not start), and the guard refuses them again per address.
 *
 * <p>An IPv6 address that embeds an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible, NAT64
 * {@code 64:ff9b::/96}) is matched as that IPv4 address, since that is what it reaches.
 *
 * <p>CIDR parsing and matching: seancfoley's IPAddress library (IPv4 and IPv6, prefix blocks, overlap), rather
 * than hand-written bit arithmetic. Immutable and thread-safe.
 */
public final class AllowedNetworks {

    /** Only public addresses. */
    public static final AllowedNetworks NONE = new AllowedNetworks(List.of());

    private static final List<Named> NEVER_BLOCKS = List.of(
            new Named(block("0.0.0.0/8"), "unspecified"),
            new Named(block("::/128"), "unspecified"),
            new Named(block("169.254.0.0/16"), "link-local (cloud metadata)"),
            new Named(block("fe80::/10"), "link-local"),
            new Named(block("224.0.0.0/4"), "multicast"),
            new Named(block("ff00::/8"), "multicast"),
            new Named(block("100.100.100.200/32"), "cloud metadata (Alibaba Cloud)"),
            new Named(block("fd00:ec2::254/128"), "cloud metadata (AWS IPv6)"),
            new Named(block("192.0.0.192/32"), "cloud metadata (Oracle Cloud)"));

    private static final IPAddress NAT64 = block("64:ff9b::/96");

    private record Named(IPAddress block, String reason) {}

    private final List<IPAddress> networks;

    private AllowedNetworks(List<IPAddress> networks) {
        this.networks = networks;
    }

    /**
     * Parses CIDR networks ({@code 10.1.2.0/24}, {@code fd00:1::/64}; a bare address is a single host).
     *
     * @throws IllegalArgumentException naming the entry, when one is not a network or overlaps an address no site
     *                                  may reach
     */
    public static AllowedNetworks of(List<String> cidrs) {
        if (cidrs == null || cidrs.isEmpty()) {
            return NONE;
        }
        List<IPAddress> parsed = new ArrayList<>();
        for (String cidr : cidrs) {
            IPAddress network = parse(cidr);
            for (Named never : NEVER_BLOCKS) {
                if (network.overlaps(never.block())) {
                    throw new IllegalArgumentException("allowed-networks entry " + cidr.strip() + " includes "
                            + never.block().toCanonicalString() + " (" + never.reason()
                            + "), which no site may reach");
                }
            }
            parsed.add(network);
        }
        return new AllowedNetworks(List.copyOf(parsed));
    }

    private static IPAddress parse(String cidr) {
        if (cidr == null || cidr.isBlank()) {
            throw new IllegalArgumentException("allowed-networks entry is empty");
        }
        IPAddressString text = new IPAddressString(cidr.strip());
        IPAddress address;
        try {
            address = text.toAddress();
        } catch (AddressStringException e) {
            throw new IllegalArgumentException(
                    "allowed-networks entry " + cidr.strip() + " is not an IPv4 or IPv6 network in CIDR notation"
                            + " (e.g. 10.1.2.0/24, fd00:1::/64)",
                    e);
        }
        if (address == null || !(address.isIPv4() || address.isIPv6())) {
            throw new IllegalArgumentException(
                    "allowed-networks entry " + cidr.strip() + " is not an IPv4 or IPv6 network in CIDR notation");
        }
        // 10.1.2.5/24 means the network 10.1.2.0/24.
        return address.isPrefixed() ? address.toPrefixBlock() : address;
    }

    private static IPAddress block(String cidr) {
        return new IPAddressString(cidr).getAddress().toPrefixBlock();
    }

    /** Whether the address lies in one of the listed networks. */
    public boolean allows(InetAddress address) {
        IPAddress ip = normalise(address);
        for (IPAddress network : networks) {
            if (network.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /** Why no site may reach the address (e.g. {@code "link-local (cloud metadata)"}), or null. */
    public static String neverReason(InetAddress address) {
        IPAddress ip = normalise(address);
        for (Named never : NEVER_BLOCKS) {
            if (never.block().contains(ip)) {
                return never.reason();
            }
        }
        return null;
    }

    /** The listed networks in canonical form, e.g. {@code [10.1.2.0/24]}. */
    public List<String> networks() {
        return networks.stream().map(IPAddress::toCanonicalString).toList();
    }

    /** An IPv6 address embedding an IPv4 address becomes that IPv4 address. */
    private static IPAddress normalise(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return new IPv4Address(v4);
        }
        IPv6Address v6 = new IPv6Address((Inet6Address) address);
        boolean compatible = v6.isIPv4Compatible() && !v6.isLoopback() && !v6.isZero();
        if (v6.isIPv4Mapped() || compatible || NAT64.contains(v6)) {
            return v6.getEmbeddedIPv4Address();
        }
        return v6;
    }

    @Override
    public String toString() {
        return networks().toString();
    }
}
