package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gongkai.ingest.site.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is kept and told of each finished crawl: the last report of each site (for {@code /actuator/crawl}), the
 * per-site health metrics ({@link SiteCrawlMetrics}), the crawl duration timer {@code gongkai.ingest.crawl.duration}
 * (tag {@code site}) and the report's log line. Thread-safe: crawls of different sites end on different threads.
 */
final class FinishedCrawls {

    private static final Logger log = LoggerFactory.getLogger(FinishedCrawls.class);

    private final Map<String, CrawlReport> lastReports = new ConcurrentHashMap<>();
    private final SiteCrawlMetrics health;
    private final MeterRegistry meters;

    FinishedCrawls(IngestProperties properties, MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.health = new SiteCrawlMetrics(properties.sites(), properties.crawlInterval(), meters, clock);
    }

    /**
     * Records a finished crawl.
     *
     * @param counts the crawl's builder, for the counts the report does not carry (list pages failed and deferred, page faults)
     */
    void finished(CrawlReport report, CrawlReportBuilder counts) {
        String site = report.siteId();
        lastReports.put(site, report);
        health.crawled(
                site,
                report.listPages(),
                report.listPagesNotModified(),
                counts.listFailures(),
                counts.listDeferred(),
                report.error(),
                counts.pageFaults());
        health.givenUp(site, report.givenUp());
        Timer.builder("gongkai.ingest.crawl.duration")
                .description("Duration of one crawl of one site")
                .tag("site", site)
                .register(meters)
                .record(report.duration());
        log.info("{}", report);
    }

    /** The report of the last finished crawl of each site. */
    Map<String, CrawlReport> lastReports() {
        return Map.copyOf(lastReports);
    }
}
