package org.gongkai.ingest.fetch;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hosts that answered a request of one crawl in a way that shows them up (session 15): a 2xx, a 3xx (a redirect
 * or 304) or a 404/410 — an answer about a page, not about the host. A 5xx or 429 of a page whose host answered so
 * in the same crawl is that page's own fault ({@code PageVisitor}); of a host that answered nothing else it stays a
 * host fault (an outage: no record, retried next crawl). Kept by the crawl's {@link FetchGate.Session}, fed with
 * each result it returns (the link's host when the answer came through a redirect, and the final URL's), since
 * session 17 with each hop of a chain that answered with a redirect (a target host that redirects within itself
 * before its page fails), and since session 16 with each robots.txt served (2xx) in the crawl ({@link
 * RobotsPolicy}, the probe of {@link FetchGate.Session#hostUp} included): a host that serves its robots.txt is up.
 * Rules reused from the cache count for nothing: they show the host up when they were fetched, maybe hours ago, and
 * an outage since must stay a host fault. A redirect answered by another host says nothing of its target's host.
 *
 * <p>Thread-safe: the threads of one crawl share it. Bounded by the hosts one site's crawl reaches.
 */
final class AnsweringHosts {

    private final Set<String> hosts = ConcurrentHashMap.newKeySet();

    /** Notes what {@code result} says of its hosts. */
    void record(FetchResult result) {
        if (!result.finalUri().equals(result.requestedUri())) {
            // the first hop answered with a redirect
            hosts.add(host(result.requestedUri()));
        }
        if (up(result.status())) {
            hosts.add(host(result.finalUri()));
        }
    }

    /** Notes that {@code from} answered with a redirect (a hop of a chain, whatever came after it). */
    void redirected(URI from) {
        hosts.add(host(from));
    }

    /**
     * Notes a robots.txt answer fetched in this crawl: only a robots.txt served (2xx) shows its host up. A 404 for
     * it is also what a front proxy answers while the site behind it is down, so it proves nothing.
     */
    void recordRobots(FetchResult result) {
        if (result.isSuccess()) {
            record(result);
        }
    }

    /** Whether {@code uri}'s host answered a request of this crawl and so is up. */
    boolean answered(URI uri) {
        return hosts.contains(host(uri));
    }

    /** A status that shows the host up: 2xx, 3xx (304 included), 404 or 410. */
    static boolean up(int status) {
        return (status >= 200 && status < 400) || status == 404 || status == 410;
    }

    private static String host(URI uri) {
        return uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    }
}
