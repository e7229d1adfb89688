package org.gongkai.ingest.crawl;

import java.util.Optional;
import org.gongkai.ingest.fetch.HostPause;
import org.gongkai.ingest.fetch.HostPauses;

/**
 * The host pauses of a {@link KafkaCrawlState}: looked up in the local store's copy (on the heap, no I/O: the
 * politeness asks before each request), written to it and to the state topic (key {@code host:<host>}, a tombstone
 * when removed) at once: {@link StateTopicWriter#sendPause} does not hold a pause back for the linger or the crawl's
 * end, so an instance killed ({@code kill -9}) right after a pause started loses it only if the broker had not
 * acknowledged it yet, not for as long as the crawl runs. The caller is not blocked by the acknowledgement (only by a
 * send the producer cannot take yet, watched as the host's wait). Thread-safe.
 */
final class StateTopicPauses implements HostPauses {

    private final HostPauses local;
    private final StateTopicWriter writer;

    StateTopicPauses(HostPauses local, StateTopicWriter writer) {
        this.local = local;
        this.writer = writer;
    }

    @Override
    public Optional<HostPause> pause(String host) {
        return local.pause(host);
    }

    @Override
    public void putPause(HostPause pause) {
        local.putPause(pause);
        writer.sendPause(pause.host(), PauseCodec.encode(pause));
    }

    @Override
    public void removePause(String host) {
        local.removePause(host);
        writer.sendPause(host, null);
    }
}
