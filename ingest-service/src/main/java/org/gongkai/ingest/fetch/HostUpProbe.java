package org.gongkai.ingest.fetch;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.gongkai.ingest.url.AllowedNetworks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the hosts of one crawl are up, for a page that failed with a 5xx (or 429) after its retries (is it the
 * page's fault or the host's?): what the hosts answered in the crawl ({@link AnsweringHosts}; session 15) and, when
 * that leaves it open or the page's retries paused the host, one robots.txt probe ({@link RobotsPolicy#probe};
 * sessions 17–19). One per crawl, kept by its {@link FetchGate.Session}, which feeds it the crawl's answers.
 *
 * <p><b>Concurrency:</b> thread-safe; the threads of one crawl share it. Each kind of probe is sent at most once a
 * host and crawl, by the first thread that needs it; a thread whose page fails while another's probe of the same host
 * is under way does not wait for it and gets what the crawl saw before. The host's {@link HostAssignment} is held
 * for the probe; a host assigned to another instance is not probed.
 *
 * <p><b>Failures:</b> a probe that fails is an answer ({@link RobotsPolicy.Probe#DOWN} or {@link
 * RobotsPolicy.Probe#UNKNOWN}), never thrown; its request is paced by the politeness and counts there as any request
 * (a served robots.txt ends the host's pause, a failure renews it). Only an interrupt (shutdown) is thrown.
 */
final class HostUpProbe {

    private static final Logger log = LoggerFactory.getLogger(HostUpProbe.class);

    private final String siteId;
    private final AllowedNetworks networks;
    private final RobotsPolicy robots;
    private final HostPoliteness politeness;
    private final HostAssignment assignment;
    /** Hosts deferred in this crawl: not probed unless paused now. */
    private final Predicate<String> deferred;

    private final AnsweringHosts answering = new AnsweringHosts();
    /** Hosts whose robots.txt was fetched in this crawl (for their rules, or by {@link #up}): asked once. */
    private final Set<String> probed = ConcurrentHashMap.newKeySet();
    /** Hosts probed by {@link #up} while paused (once a host and crawl), and what their probe said. */
    private final Set<String> pausedProbed = ConcurrentHashMap.newKeySet();

    private final Map<String, RobotsPolicy.Probe> pausedVerdicts = new ConcurrentHashMap<>();

    HostUpProbe(
            String siteId,
            AllowedNetworks networks,
            RobotsPolicy robots,
            HostPoliteness politeness,
            HostAssignment assignment,
            Predicate<String> deferred) {
        this.siteId = siteId;
        this.networks = networks;
        this.robots = robots;
        this.politeness = politeness;
        this.assignment = assignment;
        this.deferred = deferred;
    }

    /** Notes what a result of the crawl says of its hosts ({@link AnsweringHosts#record}). */
    void record(FetchResult result) {
        answering.record(result);
    }

    /** Notes that {@code from} answered with a redirect (a hop of a chain). */
    void redirected(URI from) {
        answering.redirected(from);
    }

    /** A robots.txt fetched in this crawl: its host is not asked again by {@link #up}; served, it is up. */
    void robotsFetched(FetchResult result) {
        probed.add(FetchGate.hostOf(result.requestedUri()));
        answering.recordRobots(result);
    }

    /** Whether {@code uri}'s host answered a request of this crawl in a way that shows it up. */
    boolean answered(URI uri) {
        return answering.answered(uri);
    }

    /**
     * Whether {@code uri}'s host is up, for the 5xx of one of its pages (session 17): it answered a request of this
     * crawl ({@link #answered}); if not, and its robots.txt was not fetched in this crawl already, it is asked now,
     * once a host and crawl and without retries ({@link RobotsPolicy#probe}), and a robots.txt served (2xx) shows it
     * up. So a host reached only through redirects, whose robots.txt rules come from the cache and whose other pages
     * are not due, is not taken for down in every crawl but the one that fetched its robots.txt. The probe passes the
     * host's pause (session 18's trial: the page's own last retry often pauses the host; refused, the probe left the
     * page a host fault, due in every crawl); served, it ends the pause. No probe of a host deferred in this crawl (a
     * pause met before the page was asked) or assigned to another instance, nor when robots.txt is not obeyed.
     *
     * <p>A host paused now ({@link HostPoliteness#paused}: the page's own retries, or those of a page just before it,
     * tripped the pause) is probed in any case, once a host and crawl (session 19): what it answered before the
     * pause, its robots.txt included, says nothing of now, and without the probe the pause would hold its other pages
     * back although it answers. The probe decides: served, the page is at fault and the pause ends; a 5xx or no
     * connection, the host is down (a host fault, the pause renewed); anything else (a 4xx, no request), what the
     * crawl saw before. Another page that fails while the host is paused again in the same crawl gets the same
     * verdict without a probe (never a loop).
     *
     * @throws InterruptedException when the thread is interrupted (shutdown)
     */
    boolean up(URI uri) throws InterruptedException {
        String host = FetchGate.hostOf(uri);
        if (politeness.paused(host)) {
            return upAfterPause(uri, host);
        }
        if (answering.answered(uri)) {
            return true;
        }
        if (deferred.test(host) || !probed.add(host) || !assignment.enter(host)) {
            return false;
        }
        try {
            robots.probe(uri, networks, this::robotsFetched);
        } finally {
            assignment.exit(host);
        }
        return answering.answered(uri);
    }

    private boolean upAfterPause(URI uri, String host) throws InterruptedException {
        RobotsPolicy.Probe verdict = pausedVerdicts.get(host);
        if (verdict == null && pausedProbed.add(host) && assignment.enter(host)) {
            probed.add(host);
            try {
                verdict = robots.probe(uri, networks, this::robotsFetched);
            } finally {
                assignment.exit(host);
            }
            log.info("site {}: host {} paused by a failing page; its robots.txt probe: {}", siteId, host, verdict);
            pausedVerdicts.put(host, verdict);
        }
        return switch (verdict == null ? RobotsPolicy.Probe.UNKNOWN : verdict) {
            case SERVED -> true;
            case DOWN -> false;
            case UNKNOWN -> answering.answered(uri);
        };
    }
}
