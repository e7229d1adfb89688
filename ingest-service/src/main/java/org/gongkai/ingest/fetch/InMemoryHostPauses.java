package org.gongkai.ingest.fetch;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link HostPauses} in a map on the heap: on its own, pauses that live as long as the process (tests, tools); inside
 * the crawl states, their copy of the pauses that the state topic keeps beyond the process. Thread-safe.
 */
public final class InMemoryHostPauses implements HostPauses {

    private final ConcurrentHashMap<String, HostPause> pauses = new ConcurrentHashMap<>();

    @Override
    public Optional<HostPause> pause(String host) {
        return Optional.ofNullable(pauses.get(host));
    }

    @Override
    public void putPause(HostPause pause) {
        pauses.put(pause.host(), pause);
    }

    @Override
    public void removePause(String host) {
        pauses.remove(host);
    }
}
