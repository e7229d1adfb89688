package org.gongkai.ingest.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a host name to all of its addresses, for the {@link AddressGuard}. Injectable so tests can map test
 * host names to any address without touching DNS.
 */
@FunctionalInterface
public interface HostResolver {

    /** The JVM's resolver ({@link InetAddress#getAllByName}); IP literals are parsed without a lookup. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * All addresses of {@code host}.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
