package org.gongkai.ingest.fetch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;

/**
 * A page could not be fetched: refused address, bad redirect, timeout, connection or protocol failure.
 *
 * <p>{@link #hostFault()} tells the two kinds apart: a <em>host</em> fault says the host itself is unwell (no
 * connection: refused, timed out, unreachable, unknown) and backs the host off; any other fault (redirect loop,
 * bad redirect, undecodable body, an answer that did not complete within the read deadline, e.g. a dripping
 * page) belongs to the page alone: it is not retried and the host's next page goes ahead. One page fault is
 * {@link #retryable()} all the same: a body cut short of its Content-Length ({@link #bodyCutShort()}), usually a
 * dropped connection, which is no reason to back the host off.
 */
public class FetchException extends IOException {

    private final boolean hostFault;

    /** A page fault. */
    public FetchException(String message) {
        this(message, null, false);
    }

    /** A host fault when {@code cause} is a connection failure ({@link #isConnectionFailure}), else a page fault. */
    public FetchException(String message, Throwable cause) {
        this(message, cause, isConnectionFailure(cause));
    }

    public FetchException(String message, Throwable cause, boolean hostFault) {
        super(message, cause);
        this.hostFault = hostFault;
    }

    /** Whether the failure says something about the host (back it off) rather than about this page. */
    public boolean hostFault() {
        return hostFault;
    }

    /** Whether the body ended before its Content-Length ({@link TruncatedBodyException}). */
    public boolean bodyCutShort() {
        return getCause() instanceof TruncatedBodyException;
    }

    /** Whether another attempt may succeed: a host fault, or a body cut short. */
    public boolean retryable() {
        return hostFault || bodyCutShort();
    }

    /** No connection could be made: refused, connect timeout, no route, unknown host. */
    public static boolean isConnectionFailure(Throwable error) {
        return error instanceof ConnectException
                || error instanceof HttpConnectTimeoutException
                || error instanceof NoRouteToHostException
                || error instanceof UnknownHostException;
    }
}
