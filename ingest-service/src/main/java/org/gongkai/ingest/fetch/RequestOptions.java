package org.gongkai.ingest.fetch;

/**
 * How the requests of one fetch are sent ({@link HttpFetcher}, {@link HopExchange}): how many further attempts a
 * transient failure gets, and whether a request's turn passes its host's pause. A page's fetch retries and meets
 * pauses; a probe of whether a host is up ({@link HttpFetcher#fetchOnce}) asks once and passes the pause of the host
 * it probes. Immutable.
 *
 * @param retries     further attempts after a transient failure ({@code fetch.retries}; 0 for a probe)
 * @param passesPause whether the turn passes the host's pause ({@link HostPoliteness#acquireProbe}); {@link
 *                    #forHop} keeps it for the probed host only, so a redirect to another host meets its pause
 */
record RequestOptions(int retries, boolean passesPause) {

    /** A probe: one attempt, passing the host's pause. */
    static final RequestOptions PROBE = new RequestOptions(0, true);

    RequestOptions {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + retries);
        }
    }

    /** A page's fetch: {@code retries} further attempts, pauses met. */
    static RequestOptions retrying(int retries) {
        return new RequestOptions(retries, false);
    }

    /**
     * The options of one hop of the chain: as these, but meeting the pause of a host that is not the one the fetch
     * began at ({@code firstHost} false).
     */
    RequestOptions forHop(boolean firstHost) {
        return passesPause && !firstHost ? new RequestOptions(retries, false) : this;
    }
}
