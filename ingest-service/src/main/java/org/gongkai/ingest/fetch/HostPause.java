package org.gongkai.ingest.fetch;

import java.time.Instant;
import java.util.Objects;

/**
 * A host left alone after failing {@code failures} times in a row ({@code politeness.pause-after-failures}), until
 * {@code until}; kept in the crawl state (key {@code host:<host>}, {@link HostPauses}) so that a restarted instance,
 * or the instance the host moves to, honours it.
 *
 * @param host     lower case, IPv6 without brackets (as {@link HostPoliteness} names it)
 * @param until    when the host has its next turn (one probe request)
 * @param failures consecutive failures when it was paused; at least {@code pause-after-failures}
 * @param reason   the last failure (e.g. {@code HTTP 500 from GET …}); may be empty
 */
public record HostPause(String host, Instant until, int failures, String reason) {

    /** Key prefix in the state topic (notice ids are hex and crawl marks {@code site:}, so they never collide). */
    public static final String KEY_PREFIX = "host:";

    public HostPause {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(until, "until");
        reason = reason == null ? "" : reason;
    }

    /** The state topic key of a host's pause. */
    public static String key(String host) {
        return KEY_PREFIX + host;
    }
}
