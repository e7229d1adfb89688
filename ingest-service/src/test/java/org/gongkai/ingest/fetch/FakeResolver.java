package org.gongkai.ingest.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A resolver from a fixed table, never touching DNS; records the names asked for. */
public final class FakeResolver implements HostResolver {

    private final Map<String, List<InetAddress>> table = new HashMap<>();
    public final List<String> lookups = new ArrayList<>();

    public FakeResolver map(String host, String... addresses) {
        List<InetAddress> list = new ArrayList<>();
        for (String address : addresses) {
            try {
                // An IP literal is parsed, not looked up.
                list.add(InetAddress.getByAddress(
                        host, InetAddress.getByName(address).getAddress()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(address, e);
            }
        }
        table.put(host.toLowerCase(Locale.ROOT), list);
        return this;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        lookups.add(host);
        List<InetAddress> addresses = table.get(host.toLowerCase(Locale.ROOT));
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses;
    }
}
