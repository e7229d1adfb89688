package org.gongkai.ingest.fetch;

/** The {@link FetchGate} did not fetch a URL, or its fetch failed; {@link #reason()} and the message say why. */
public final class NotFetchedException extends Exception {

    /** Why a URL was not fetched. */
    public enum Reason {
        /** robots.txt disallows it. */
        DENIED,
        /** Its host is paused, its robots.txt unavailable, or it belongs to another instance: try in a later crawl. */
        DEFERRED,
        /** The SSRF guard refused its address. */
        REFUSED,
        /** The fetch failed; {@link #hostFault()} tells whether the host or only this page is at fault. */
        FAILED
    }

    private final Reason reason;
    private final boolean hostFault;

    public NotFetchedException(Reason reason, String message, boolean hostFault) {
        super(message, null, false, false);
        this.reason = reason;
        this.hostFault = hostFault;
    }

    public Reason reason() {
        return reason;
    }

    /** Whether the failure concerns the host (connection, pause) rather than this page alone. */
    public boolean hostFault() {
        return hostFault;
    }

    /** A failure of this page alone (redirect loop, undecodable body, read deadline, refused address). */
    public boolean pageFault() {
        return (reason == Reason.FAILED || reason == Reason.REFUSED) && !hostFault;
    }
}
