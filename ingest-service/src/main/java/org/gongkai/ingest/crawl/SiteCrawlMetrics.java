package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.gongkai.ingest.site.Site;

/**
 * Per-site crawl health for alerting (all tagged {@code site}, registered for every configured site at start, so
 * they are scraped before the first crawl):
 *
 * <ul>
 *   <li>{@code gongkai.ingest.crawl.last.success.timestamp} (gauge, seconds since the epoch; Prometheus {@code
 *       gongkai_ingest_crawl_last_success_timestamp_seconds}): when the last successful crawl of the site ended —
 *       one without a broker error that read at least one list page (or feed; one that answered 304 counts) and
 *       failed none. Until the first
 *       one it is the time this instance started (the crawl state does not keep it), so a restart does not look
 *       like a stall, and a crawler that never succeeds after it does after the alert's window.
 *   <li>{@code gongkai.ingest.crawl.interval} (gauge, seconds): the site's schedule, for the stall alert's
 *       threshold.
 *   <li>{@code gongkai.ingest.list.failures} (counter): list pages (and feeds) that could not be fetched.
 *   <li>{@code gongkai.ingest.list.not.modified} (counter): list pages (and feeds) that answered 304 to the
 *       validators of an earlier crawl, so their lists were not walked further.
 *   <li>{@code gongkai.ingest.list.failing.crawls} (gauge): consecutive crawls of the site, up to the last one, in
 *       which at least one list page failed; 0 after a crawl whose list pages were all read. A crawl that failed
 *       none but deferred one (its host paused, after failures) leaves it as it is: the list is not known to work
 *       again, and resetting it there kept the alert from ever firing on a list that fails until its host pauses.
 *   <li>{@code gongkai.ingest.page.faults} (gauge): pages of the site that failed for reasons of their own (page
 *       faults such as a redirect loop, a page over the cap or a bomb, and notices the broker refused) as of the
 *       last crawl: that crawl's own and the earlier ones still waiting for their retry ({@link
 *       CrawlReport#faulted}). Not a host's trouble; a rise says which site to look at in {@code /actuator/crawl}.
 *   <li>{@code gongkai.ingest.pages.given.up} (counter; Prometheus {@code gongkai_ingest_pages_given_up_total}): pages
 *       known only by their faults that a crawl gave up and forgot, failing for {@code state.forget-faulted-after}
 *       and no longer linked ({@link CrawlReport#givenUp}).
 * </ul>
 *
 * Thread-safe: one crawl of a site at a time updates its values; any thread reads them.
 */
final class SiteCrawlMetrics {

    private record Meters(
            AtomicLong lastSuccess,
            AtomicInteger failingCrawls,
            Counter listFailures,
            Counter listNotModified,
            AtomicInteger pageFaults,
            Counter givenUp) {}

    private final Map<String, Meters> sites = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Clock clock;

    SiteCrawlMetrics(List<Site> sites, Duration defaultInterval, MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        for (Site site : sites) {
            meters(site.id());
            Gauge.builder(
                            "gongkai.ingest.crawl.interval",
                            () -> site.crawlInterval(defaultInterval).toSeconds())
                    .description("Time between the starts of two crawls of the site")
                    .baseUnit("seconds")
                    .tag("site", site.id())
                    .register(registry);
        }
    }

    private Meters meters(String site) {
        return sites.computeIfAbsent(site, id -> {
            AtomicLong lastSuccess = new AtomicLong(clock.instant().getEpochSecond());
            AtomicInteger failing = new AtomicInteger();
            Gauge.builder("gongkai.ingest.crawl.last.success.timestamp", lastSuccess, AtomicLong::doubleValue)
                    .description("When the last successful crawl of the site ended (start-up until the first)")
                    .baseUnit("seconds")
                    .tag("site", id)
                    .register(registry);
            Gauge.builder("gongkai.ingest.list.failing.crawls", failing, AtomicInteger::doubleValue)
                    .description("Consecutive crawls of the site in which a list page failed")
                    .tag("site", id)
                    .register(registry);
            Counter failures = Counter.builder("gongkai.ingest.list.failures")
                    .description("List pages and feeds that could not be fetched")
                    .tag("site", id)
                    .register(registry);
            Counter notModified = Counter.builder("gongkai.ingest.list.not.modified")
                    .description("List pages and feeds that answered 304: unchanged, their lists not walked further")
                    .tag("site", id)
                    .register(registry);
            AtomicInteger pageFaults = new AtomicInteger();
            Gauge.builder("gongkai.ingest.page.faults", pageFaults, AtomicInteger::doubleValue)
                    .description("Pages of the site failing for reasons of their own as of its last crawl")
                    .tag("site", id)
                    .register(registry);
            Counter givenUp = Counter.builder("gongkai.ingest.pages.given.up")
                    .description(
                            "Pages known only by their faults given up: failing for forget-faulted-after, unlinked")
                    .tag("site", id)
                    .register(registry);
            return new Meters(lastSuccess, failing, failures, notModified, pageFaults, givenUp);
        });
    }

    /**
     * Records the end of a crawl.
     *
     * @param listPagesRead   list pages (and feeds) read
     * @param listPagesNotModified list pages (and feeds) that answered 304 (unchanged: as good as read)
     * @param listPagesFailed list pages (and feeds) that could not be fetched
     * @param listPagesDeferred list pages (and feeds) not asked for, their host paused
     * @param error           why the crawl stopped early, null when it did not
     * @param pageFaults      pages failing for reasons of their own: this crawl's and standing ones
     */
    void crawled(
            String site,
            int listPagesRead,
            int listPagesNotModified,
            int listPagesFailed,
            int listPagesDeferred,
            String error,
            int pageFaults) {
        Meters m = meters(site);
        m.pageFaults().set(pageFaults);
        m.listFailures().increment(listPagesFailed);
        m.listNotModified().increment(listPagesNotModified);
        if (listPagesFailed > 0) {
            m.failingCrawls().incrementAndGet();
        } else if (listPagesDeferred == 0) {
            m.failingCrawls().set(0);
        }
        if (error == null && listPagesRead + listPagesNotModified > 0 && listPagesFailed == 0) {
            m.lastSuccess().set(clock.instant().getEpochSecond());
        }
    }

    /** Counts the pages a crawl of the site gave up ({@link CrawlReport#givenUp}). */
    void givenUp(String site, int pages) {
        meters(site).givenUp().increment(pages);
    }
}
