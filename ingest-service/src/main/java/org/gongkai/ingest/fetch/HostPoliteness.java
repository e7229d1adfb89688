package org.gongkai.ingest.fetch;

import java.time.Duration;

/**
 * Grants turns to send requests to a host. Implementations decide how many requests may run at once, how long
 * to pause between them and how long to leave a failing host alone; a later implementation can share these
 * turns across service instances.
 */
public interface HostPoliteness {

    /**
     * Blocks until a request to {@code host} may start. The caller must close the returned turn when the
     * request is over (response read or failed), after reporting a failure on it if there was one.
     *
     * @throws HostPausedException when the host's turn is further away than the longest allowed wait (the host
     *                             is paused after failures or asked for a long Retry-After); nothing was sent
     * @throws InterruptedException when the waiting thread is interrupted (service shutting down)
     */
    Turn acquire(String host) throws HostPausedException, InterruptedException;

    /**
     * As {@link #acquire}, for a probe of whether the host is up ({@link RobotsPolicy#probe}: its robots.txt, one
     * request without retries, for a page that answered 5xx after its retries in this crawl): granted while the host
     * is paused, so whether that page is its own fault does not depend on whether its last retry paused the host
     * (session 18's trial, finding 2). Delays, backoff and {@code max-wait} apply as to any turn; an answer that shows
     * the host up ends its pause as any would, a failure counts as any would. This default is {@link #acquire}.
     */
    default Turn acquireProbe(String host) throws HostPausedException, InterruptedException {
        return acquire(host);
    }

    /**
     * Whether {@code host} is paused now in this process (after failures; {@link HostPausedException}), e.g. by the
     * last retry of a page that just failed: a crawl then probes it once ({@code FetchGate}; session 19). Safe to
     * call from any thread without a turn; a pause being started or ended at that moment may be seen either way.
     * This default knows of no pause.
     */
    default boolean paused(String host) {
        return false;
    }

    /**
     * Sets the host's robots.txt {@code Crawl-delay}; the longer of it and the configured minimum delay applies
     * between two requests. {@link Duration#ZERO} clears it.
     */
    void crawlDelay(String host, Duration delay);

    /** Requests waiting for a turn at {@code host} right now (progress reports); 0 when not known. */
    default int waiting(String host) {
        return 0;
    }

    /** A granted turn; closing it ends the request and starts the host's pause. */
    interface Turn extends AutoCloseable {

        /**
         * The request failed in a way that may pass (5xx, connection failure, timeout): the host's next turn
         * comes after an exponential backoff, and a host that keeps failing is paused.
         *
         * @param reason what failed (e.g. {@code HTTP 500 from GET …}), for the pause's log line and record
         */
        void failed(String reason);

        /**
         * The answer says nothing of whether the host is up (a robots.txt 404 or 403: a front proxy answers so while
         * the site behind it is down): neither a failure nor a success, so a failing host's count and pause stay as
         * they were (session 18: a restarted instance's first request after a pause is the host's robots.txt). This
         * default does nothing; an implementation that clears failures on success overrides it.
         */
        default void inconclusive() {}

        /** The server asked to wait this long before the next request (429/503 with Retry-After). */
        void retryAfter(Duration wait);

        @Override
        void close();
    }
}
