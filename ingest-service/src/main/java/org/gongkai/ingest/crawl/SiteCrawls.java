package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one crawl of a site at a time, for {@link CrawlScheduler} (which decides when): a crawl of a site waits for
 * the one running, so a site is never crawled beside itself. Keeps the progress of the crawls running and the
 * reports of the last finished ones ({@link FinishedCrawls}).
 *
 * <p>Thread-safe: crawls of different sites run on their own threads at once; the readers may be called from any
 * thread.
 */
final class SiteCrawls {

    private static final Logger log = LoggerFactory.getLogger(SiteCrawls.class);

    private final IngestProperties properties;
    private final Crawler crawler;
    private final Clock clock;
    private final FinishedCrawls finished;
    private final Map<String, CrawlReportBuilder> running = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> siteLocks = new ConcurrentHashMap<>();

    SiteCrawls(IngestProperties properties, Crawler crawler, MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.crawler = crawler;
        this.clock = clock;
        this.finished = new FinishedCrawls(properties, meters, clock);
    }

    /**
     * Crawls the site once no other crawl of it runs.
     *
     * @param started called once no other crawl of the site runs, just before this one starts
     * @throws InterruptedException when interrupted while waiting for the running crawl (this one did not start)
     */
    CrawlReport crawl(Site site, Runnable started) throws InterruptedException {
        ReentrantLock lock = siteLocks.computeIfAbsent(site.id(), id -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            started.run();
            CrawlReportBuilder builder = new CrawlReportBuilder(site.id(), clock.instant());
            running.put(site.id(), builder);
            log.info("site {}: crawl started", site.id());
            CrawlReport report = crawler.crawl(site, builder);
            finished.finished(report, builder);
            return report;
        } finally {
            running.remove(site.id());
            lock.unlock();
        }
    }

    /** The report of the last finished crawl of each site. */
    Map<String, CrawlReport> lastReports() {
        return finished.lastReports();
    }

    /** The sites being crawled right now. */
    List<String> running() {
        return List.copyOf(running.keySet());
    }

    /** Progress of the crawls running now, by site. */
    Map<String, CrawlReport.Progress> progress() {
        Map<String, CrawlReport.Progress> progress = new TreeMap<>();
        running.forEach((id, report) -> properties
                .site(id)
                .ifPresent(site -> progress.put(id, report.progress(crawler.waitingForPoliteness(site)))));
        return progress;
    }
}
