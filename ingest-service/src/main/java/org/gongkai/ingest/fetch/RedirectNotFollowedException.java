package org.gongkai.ingest.fetch;

import java.net.URI;

/**
 * A redirect was not followed because its target's host forbids it or cannot say: robots.txt of the target's origin
 * disallows the target ({@link #deferred()} false, a fault of the page alone), or it could not be read (true: the
 * target's host is left alone for now). The target was never requested. Thrown by the {@link HttpFetcher.HopCheck}
 * of a {@link FetchGate.Session}.
 */
public final class RedirectNotFollowedException extends FetchException {

    private final URI target;
    private final boolean deferred;

    public RedirectNotFollowedException(URI target, boolean deferred) {
        super(
                deferred
                        ? "redirect target " + target
                                + " deferred: its host's robots.txt unavailable or the host deferred"
                        : "redirect target " + target + " disallowed by robots.txt",
                null,
                false);
        this.target = target;
        this.deferred = deferred;
    }

    /** The redirect hop that was not requested. */
    public URI target() {
        return target;
    }

    /** Whether the target's robots.txt could not be read (rather than disallowing it). */
    public boolean deferred() {
        return deferred;
    }
}
