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
    private final java.net.URI redirectTarget;
    private final String deferredHost;

    public NotFetchedException(Reason reason, String message, boolean hostFault) {
        this(reason, message, hostFault, null);
    }

    /**
     * @param redirectTarget the redirect target that was not requested ({@link Reason#DENIED} or {@link
     *                       Reason#DEFERRED} by the target host's robots.txt) after the URL itself answered with the
     *                       redirect; null when the URL itself was not fetched or its fetch failed
     */
    public NotFetchedException(Reason reason, String message, boolean hostFault, java.net.URI redirectTarget) {
        this(reason, message, hostFault, redirectTarget, null);
    }

    /**
     * @param deferredHost for {@link Reason#DEFERRED}, the host deferred (the link's, or a redirect target's): lower
     *                     case, IPv6 without brackets; null otherwise
     */
    public NotFetchedException(
            Reason reason, String message, boolean hostFault, java.net.URI redirectTarget, String deferredHost) {
        super(message, null, false, false);
        this.reason = reason;
        this.hostFault = hostFault;
        this.redirectTarget = redirectTarget;
        this.deferredHost = deferredHost;
    }

    /**
     * The host whose deferral held the URL back ({@link Reason#DEFERRED}): the URL's own, or a redirect target's
     * when the URL answered with a redirect to a paused host; null for the other reasons.
     */
    public String deferredHost() {
        return deferredHost;
    }

    /**
     * The redirect target robots.txt kept from being requested, or null: then the URL itself was not fetched (or
     * failed). When set, the URL was requested and answered with a redirect to it.
     */
    public java.net.URI redirectTarget() {
        return redirectTarget;
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
