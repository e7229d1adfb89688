package org.gongkai.ingest.crawl;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gongkai.ingest.site.IngestProperties;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * Actuator endpoint {@code crawl}: {@code GET /actuator/crawl} lists the sites with their last crawl (with the
 * pages that failed or could not be published, and why) and the progress of running crawls, {@code
 * POST /actuator/crawl/{site}} queues a crawl of one site now (answers 202 at once; 404 for an unknown site).
 */
@Endpoint(id = "crawl")
public class CrawlEndpoint {

    private final IngestProperties properties;
    private final CrawlScheduler scheduler;
    private final CrawlState state;

    public CrawlEndpoint(IngestProperties properties, CrawlScheduler scheduler, CrawlState state) {
        this.properties = properties;
        this.scheduler = scheduler;
        this.state = state;
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
     * @param knownNotices notices of the site in the crawl state
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
            CrawlReport.Progress progress,
            Boolean lastCrawlComplete) {}

    @ReadOperation
    public Overview overview() {
        Map<String, CrawlReport> reports = scheduler.lastReports();
        Map<String, CrawlReport.Progress> progress = scheduler.progress();
        List<SiteStatus> sites = properties.sites().stream()
                .map(s -> new SiteStatus(
                        s.id(),
                        s.name(),
                        s.listUrls(),
                        reports.get(s.id()),
                        scheduler.nextCrawl(s.id()).orElse(null),
                        state.sizeOfSite(s.id()),
                        progress.get(s.id()),
                        state.mark(s.id()).map(CrawlMark::complete).orElse(null)))
                .toList();
        return new Overview(scheduler.running(), scheduler.nextScheduledCrawl(), sites);
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> crawl(@Selector String site) {
        if (properties.site(site).isEmpty()) {
            return new WebEndpointResponse<>(Map.of("site", site, "error", "unknown site"), 404);
        }
        scheduler.crawlNow(site);
        return new WebEndpointResponse<>(Map.of("site", site, "queued", true), 202);
    }
}
