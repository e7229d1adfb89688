package org.gongkai.ingest.fetch;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.url.AllowedNetworks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obeys robots.txt (parsed by crawler-commons' {@link SimpleRobotRulesParser}) for the configured User-Agent:
 * the rules for its product token (e.g. {@code gongkai}), else those for {@code *}.
 *
 * <p>The rules of each origin (scheme, host, port) are fetched through the {@link HttpFetcher} (so the address
 * guard and the host's politeness apply) on first use and cached for {@code cache-ttl}. A 2xx answer is parsed;
 * 4xx (no robots.txt) allows everything; 5xx, a timeout or a connection failure <em>defers</em> the host: its
 * pages are not fetched until robots.txt is tried again after {@code defer-on-error} (a host paused by its
 * politeness, whose robots.txt was therefore not asked, after the rest of its pause; session 18). A 4xx also leaves
 * a failing host's failure count as it was ({@link HostPoliteness.Turn#inconclusive}). A {@code Crawl-delay} is
 * handed to the {@link HostPoliteness}, which caps it.
 *
 * <p>Metric: {@code gongkai.ingest.robots.denials} (counter, tag {@code host}). Thread-safe; two threads asking
 * for the same uncached origin at once may both fetch its robots.txt.
 */
public final class RobotsPolicy {

    private static final Logger log = LoggerFactory.getLogger(RobotsPolicy.class);

    /** What robots.txt says about a URL. */
    public enum Verdict {
        /** Fetch it. */
        ALLOWED,
        /** robots.txt disallows it for this crawler. */
        DENIED,
        /** robots.txt could not be read (5xx, unreachable): leave the host alone for now. */
        DEFERRED
    }

    private final HttpFetcher fetcher;
    private final HostPoliteness politeness;
    private final IngestProperties.Robots config;
    private final List<String> robotNames;
    private final MeterRegistry meters;
    private final Clock clock;
    private final SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    public RobotsPolicy(
            HttpFetcher fetcher,
            HostPoliteness politeness,
            IngestProperties.Robots config,
            String userAgent,
            MeterRegistry meters,
            Clock clock) {
        this.fetcher = fetcher;
        this.politeness = politeness;
        this.config = config;
        this.robotNames = List.of(productToken(userAgent));
        this.meters = meters;
        this.clock = clock;
    }

    /** The robot name robots.txt groups are matched against: the User-Agent's product token, lower case. */
    static String productToken(String userAgent) {
        String token = userAgent.strip().split("[/\\s;(]", 2)[0].toLowerCase(Locale.ROOT);
        return token.isEmpty() ? "*" : token;
    }

    /**
     * Whether {@code uri} may be fetched. Fetches the origin's robots.txt when it is not cached.
     *
     * @param allowed passed to the fetcher for robots.txt itself
     * @throws InterruptedException when the thread is interrupted (shutdown)
     */
    public Verdict check(URI uri, AllowedNetworks allowed) throws InterruptedException {
        return check(uri, allowed, result -> {});
    }

    /**
     * As {@link #check(URI, AllowedNetworks)}, handing the answer of robots.txt to {@code answered} when it was
     * fetched now (not when its rules came from the cache, nor when the fetch failed): a crawl counts its host as up
     * from it ({@link AnsweringHosts}).
     */
    public Verdict check(URI uri, AllowedNetworks allowed, Consumer<FetchResult> answered) throws InterruptedException {
        if (!config.enabled()) {
            return Verdict.ALLOWED;
        }
        String origin = origin(uri);
        Instant now = clock.instant();
        Entry entry = cache.get(origin);
        if (entry == null || !now.isBefore(entry.expires)) {
            entry = load(origin, uri, allowed, answered);
            cache.put(origin, entry);
        }
        if (entry.rules.isDeferVisits()) {
            return Verdict.DEFERRED;
        }
        if (entry.rules.isAllowed(uri.toString())) {
            return Verdict.ALLOWED;
        }
        Counter.builder("gongkai.ingest.robots.denials")
                .description("URLs not fetched because robots.txt disallows them")
                .tag("host", host(uri))
                .register(meters)
                .increment();
        return Verdict.DENIED;
    }

    /** What a {@link #probe} says of its host. */
    public enum Probe {
        /** robots.txt served (2xx): the host is up. */
        SERVED,
        /** A 5xx, or no connection: the host is down now. */
        DOWN,
        /** Nothing either way: a 4xx (a front proxy answers so while the site is down), a 429, another failure, no request. */
        UNKNOWN
    }

    /**
     * Asks {@code uri}'s origin for its robots.txt now, whatever the cache holds, and once ({@link
     * HttpFetcher#fetchOnce}: no retries): a probe of whether the host is up, for a crawl that met a 5xx of one of
     * its pages (session 17; {@link FetchGate.Session#hostUp}). A robots.txt served (2xx) is handed to {@code
     * answered} and replaces the cached rules (they are fresh); any other answer or a failure leaves the cache as it
     * was, neither deferring the host nor allowing everything on a 404 (what a front proxy answers while the site
     * behind it is down). No request when robots.txt is not obeyed ({@code enabled: false}).
     *
     * <p>The request passes the host's pause ({@link HostPoliteness#acquireProbe}; session 18): the probe follows a
     * page's failed retries, the last of which may have paused the host, and whether that page is at fault must not
     * depend on it. A robots.txt served ends the pause (the host is up), a failure renews it, a 4xx leaves it.
     *
     * @return what the answer says of the host: {@link Probe#SERVED}, {@link Probe#DOWN} (5xx, no connection) or
     *     {@link Probe#UNKNOWN} (any other answer or failure, or no request)
     */
    public Probe probe(URI uri, AllowedNetworks allowed, Consumer<FetchResult> answered) throws InterruptedException {
        if (!config.enabled()) {
            return Probe.UNKNOWN;
        }
        String origin = origin(uri);
        FetchResult result;
        try {
            result = fetcher.fetchOnce(URI.create(origin + "/robots.txt"), allowed);
        } catch (HostPausedException e) {
            // nothing sent (a redirect to another host that is paused)
            log.debug("{}: robots.txt probe not sent: {}", origin, e.getMessage());
            return Probe.UNKNOWN;
        } catch (FetchException e) {
            log.debug("{}: robots.txt probe failed: {}", origin, e.getMessage());
            return e.hostFault() ? Probe.DOWN : Probe.UNKNOWN;
        }
        log.debug("{}: robots.txt probe answered {}", origin, result.status());
        if (!result.isSuccess()) {
            return result.status() >= 500 ? Probe.DOWN : Probe.UNKNOWN;
        }
        answered.accept(result);
        cache.put(origin, entry(uri, parse(result), config.cacheTtl()));
        return Probe.SERVED;
    }

    private BaseRobotRules parse(FetchResult served) {
        return parser.parseContent(
                served.finalUri().toString(),
                served.body(),
                served.headers().firstValue("content-type").orElse("text/plain"),
                robotNames);
    }

    private Entry load(String origin, URI uri, AllowedNetworks allowed, Consumer<FetchResult> answered)
            throws InterruptedException {
        URI robots = URI.create(origin + "/robots.txt");
        BaseRobotRules rules;
        Duration ttl = config.cacheTtl();
        try {
            FetchResult result = fetcher.fetch(robots, allowed);
            answered.accept(result);
            int status = result.status();
            if (result.isSuccess()) {
                rules = parse(result);
            } else if (status >= 400 && status < 500) {
                // crawler-commons defers on 429 (too many requests); any other 4xx means "no robots.txt".
                rules = parser.failedFetch(status);
            } else {
                rules = parser.failedFetch(status >= 500 ? status : 500);
                rules.setDeferVisits(true);
            }
            log.debug("{}: robots.txt answered {}", origin, status);
        } catch (HostPausedException e) {
            // nothing was sent: the host is deferred for the rest of its pause, not for defer-on-error beyond it
            Duration rest = e.remaining().compareTo(config.deferOnError()) < 0 ? e.remaining() : config.deferOnError();
            log.info("{}: robots.txt not asked: {}; host deferred for {}", origin, e.getMessage(), rest);
            BaseRobotRules paused = parser.failedFetch(503);
            paused.setDeferVisits(true);
            return entry(uri, paused, rest);
        } catch (FetchException e) {
            log.info("{}: robots.txt not readable: {}", origin, e.getMessage());
            rules = parser.failedFetch(503);
            rules.setDeferVisits(true);
        }
        if (rules.isDeferVisits()) {
            ttl = config.deferOnError();
            log.info("{}: robots.txt unavailable, host deferred for {}", origin, ttl);
        }
        return entry(uri, rules, ttl);
    }

    /** The cache entry of {@code rules}, their {@code Crawl-delay} handed to the politeness. */
    private Entry entry(URI uri, BaseRobotRules rules, Duration ttl) {
        long crawlDelay = rules.getCrawlDelay();
        if (crawlDelay != BaseRobotRules.UNSET_CRAWL_DELAY && crawlDelay > 0) {
            politeness.crawlDelay(host(uri), Duration.ofMillis(crawlDelay));
        }
        return new Entry(rules, clock.instant().plus(ttl));
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort =
                port < 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + host(uri) + (defaultPort ? "" : ":" + port);
    }

    private static String host(URI uri) {
        return uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    }

    private record Entry(BaseRobotRules rules, Instant expires) {}
}
