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
 * Actuator endpoint {@code crawl}: {@code GET /actuator/crawl} lists the sites with their last crawl, {@code
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
     * @param running            site being crawled now, or null
     * @param nextScheduledCrawl start of the next crawl of all sites
     * @param sites              configured sites
     */
    public record Overview(String running, Instant nextScheduledCrawl, List<SiteStatus> sites) {}

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
     */
    public record SiteStatus(
            String id,
            String name,
            List<String> listUrls,
            CrawlReport lastCrawl,
            Instant nextCrawl,
            long knownNotices) {}

    @ReadOperation
    public Overview overview() {
        Map<String, CrawlReport> reports = scheduler.lastReports();
        List<SiteStatus> sites = properties.sites().stream()
                .map(s -> new SiteStatus(
                        s.id(),
                        s.name(),
                        s.listUrls(),
                        reports.get(s.id()),
                        scheduler.nextCrawl(s.id()).orElse(null),
                        state.ofSite(s.id()).count()))
                .toList();
        return new Overview(scheduler.running().orElse(null), scheduler.nextScheduledCrawl(), sites);
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
