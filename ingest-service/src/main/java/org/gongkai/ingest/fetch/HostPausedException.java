package org.gongkai.ingest.fetch;

import java.time.Duration;

/** A host's next turn is too far away to wait for (paused after failures, or a long Retry-After). */
public class HostPausedException extends FetchException {

    private final String host;
    private final Duration remaining;

    public HostPausedException(String host, Duration remaining) {
        super("host " + host + " paused for another " + remaining.toSeconds() + " s", null, true);
        this.host = host;
        this.remaining = remaining;
    }

    public String host() {
        return host;
    }

    /** Time until the host's next turn. */
    public Duration remaining() {
        return remaining;
    }
}
