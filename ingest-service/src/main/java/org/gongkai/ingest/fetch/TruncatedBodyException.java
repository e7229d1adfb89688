package org.gongkai.ingest.fetch;

import java.io.IOException;

/**
 * The connection closed before the body its {@code Content-Length} announced was complete. Thrown by the transports
 * in place of the HTTP client's own message, so the page's fault reads the same whichever transport fetched it. Not
 * a connection failure: a page fault (the host answered), retried at once like a host fault's exchange, as a
 * dropped connection is often passing.
 */
public final class TruncatedBodyException extends IOException {

    private final long received;
    private final long expected;

    public TruncatedBodyException(long received, long expected, Throwable cause) {
        super(String.format("truncated body: got %d of %d bytes (connection closed early)", received, expected), cause);
        this.received = received;
        this.expected = expected;
    }

    /** Body bytes that arrived. */
    public long received() {
        return received;
    }

    /** Body bytes the {@code Content-Length} announced. */
    public long expected() {
        return expected;
    }
}
