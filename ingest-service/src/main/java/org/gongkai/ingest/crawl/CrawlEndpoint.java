package org.gongkai.ingest.crawl;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * Actuator endpoint {@code crawl}: {@code GET /actuator/crawl} lists the sites with their last crawl (with the
 * pages that failed or could not be published, and why) and the progress of running crawls, {@code
 * POST /actuator/crawl/{site}} queues a crawl of one site now (answers 202 at once; 404 for an unknown site),
 * {@code POST /actuator/crawl/{site}/republish[/{since}]} first marks the site's notices for republishing
 * (recovery of raw records lost to retention, see {@link Republish}). Both need the operator (management security).
 */
@Endpoint(id = "crawl")
public class CrawlEndpoint {

    private static final Logger log = LoggerFactory.getLogger(CrawlEndpoint.class);

    private final IngestProperties properties;
    private final CrawlScheduler scheduler;
    private final CrawlState state;
    private final Republish republisher;

    public CrawlEndpoint(IngestProperties properties, CrawlScheduler scheduler, CrawlState state) {
        this(properties, scheduler, state, Clock.systemUTC());
    }

    CrawlEndpoint(IngestProperties properties, CrawlScheduler scheduler, CrawlState state, Clock clock) {
        this.properties = properties;
        this.scheduler = scheduler;
        this.state = state;
        this.republisher = new Republish(state, clock);
    }

    /**
     * The crawl overview.
     *
     * @param running            sites being crawled now
     * @param nextScheduledCrawl start of the next scheduled crawl of any site
     * @param sites              configured sites
     */
    public record Overview(List<String> running, Instant nextScheduledCrawl, List<SiteStatus> sites) {}

    /**
     * One site.
     *
     * @param id        site id
     * @param name      site name
     * @param listUrls  its list pages
     * @param lastCrawl report of its last finished crawl (pages fetched, published, unchanged, failed, denied by
     *                  robots, deferred, …), or null
     * @param nextCrawl start of its next scheduled crawl
     * @param knownNotices notices of the site in the crawl state: URLs a version of which was published (or refused
     *                  for good), i.e. known by a content hash ({@link KnownUrls#notices()}). Before session 15 it
     *                  counted every URL, as {@code knownUrls} does now
     * @param knownUrls every URL of the site in the crawl state: the notices and the two counts below
     * @param knownFaultedOnly pages known only by their faults (never published; retried until {@code
     *                  state.forget-faulted-after}, see {@link CrawlPages})
     * @param knownLinkOnly pages known only as links: redirect aliases and navigation pages; one no list links any
     *                  more leaves the count once it is due (session 14)
     * @param progress  the crawl running now (pages done, queued, failed, waiting for politeness), or null
     * @param lastCrawlComplete whether the last crawl went to its end ({@link CrawlMark}); null when never marked
     */
    public record SiteStatus(
            String id,
            String name,
            List<String> listUrls,
            CrawlReport lastCrawl,
            Instant nextCrawl,
            long knownNotices,
            long knownUrls,
            long knownFaultedOnly,
            long knownLinkOnly,
            CrawlReport.Progress progress,
            Boolean lastCrawlComplete) {}

    @ReadOperation
    public Overview overview() {
        Map<String, CrawlReport> reports = scheduler.lastReports();
        Map<String, CrawlReport.Progress> progress = scheduler.progress();
        List<SiteStatus> sites = properties.sites().stream()
                .map(s -> status(s, reports.get(s.id()), progress.get(s.id())))
                .toList();
        return new Overview(scheduler.running(), scheduler.nextScheduledCrawl(), sites);
    }

    /** The counts come from the state store's counters ({@link CrawlState#knownOfSite}): no scan with RocksDB. */
    private SiteStatus status(Site site, CrawlReport lastCrawl, CrawlReport.Progress running) {
        KnownUrls known = state.knownOfSite(site.id());
        return new SiteStatus(
                site.id(),
                site.name(),
                site.listUrls(),
                lastCrawl,
                scheduler.nextCrawl(site.id()).orElse(null),
                known.notices(),
                known.total(),
                known.faultedOnly(),
                known.linkOnly(),
                running,
                state.mark(site.id()).map(CrawlMark::complete).orElse(null));
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> crawl(@Selector String site) {
        if (properties.site(site).isEmpty()) {
            return new WebEndpointResponse<>(Map.of("site", site, "error", "unknown site"), 404);
        }
        scheduler.crawlNow(site);
        return new WebEndpointResponse<>(Map.of("site", site, "queued", true), 202);
    }

    /**
     * {@code POST /actuator/crawl/{site}/republish}: marks the site's published notices for republishing ({@link
     * Republish}) and queues a crawl, which fetches them unconditionally and publishes them again even when
     * unchanged, to recover raw records that expired before enrich-service read them. Path selectors rather than
     * parameters, so the POST needs no body (an operation with parameters requires a JSON body). Answers 202 with
     * the number of notices marked, 404 for an unknown site or action, 409 while the site is being crawled (a
     * running crawl could overwrite the marks).
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> republish(@Selector String site, @Selector String action) {
        if (properties.site(site).isEmpty() || !"republish".equals(action)) {
            return new WebEndpointResponse<>(Map.of("site", site, "error", "unknown site or action"), 404);
        }
        return markAndCrawl(site, null);
    }

    /**
     * {@code POST /actuator/crawl/{site}/republish/{since}}: as {@link #republish}, limited to the notices last
     * fetched at or after {@code since} (an ISO-8601 instant, e.g. {@code 2026-01-31T00:00:00Z}; 400 otherwise).
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> republishSince(
            @Selector String site, @Selector String action, @Selector String since) {
        if (properties.site(site).isEmpty() || !"republish".equals(action)) {
            return new WebEndpointResponse<>(Map.of("site", site, "error", "unknown site or action"), 404);
        }
        return markAndCrawl(site, since);
    }

    private WebEndpointResponse<Map<String, Object>> markAndCrawl(String site, @Nullable String since) {
        Instant from;
        try {
            from = since == null || since.isBlank() ? null : Instant.parse(since.strip());
        } catch (DateTimeParseException e) {
            return new WebEndpointResponse<>(
                    Map.of("site", site, "error", "since must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z"), 400);
        }
        if (scheduler.running().contains(site)) {
            return new WebEndpointResponse<>(
                    Map.of("site", site, "error", "site is being crawled; ask again when its crawl has ended"), 409);
        }
        int marked;
        try {
            marked = republisher.mark(site, from);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebEndpointResponse<>(Map.of("site", site, "error", "interrupted: shutting down"), 503);
        }
        log.info(
                "site {}: {} notice(s) marked for republishing (since {})", site, marked, from == null ? "ever" : from);
        boolean queued = true;
        try {
            scheduler.crawlNow(site);
        } catch (IllegalStateException e) {
            // Shutting down: the marks are crawl state, the next crawl after the restart republishes.
            queued = false;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("site", site);
        answer.put("queued", queued);
        answer.put("republish", marked);
        if (from != null) {
            answer.put("since", from.toString());
        }
        return new WebEndpointResponse<>(answer, 202);
    }
}
