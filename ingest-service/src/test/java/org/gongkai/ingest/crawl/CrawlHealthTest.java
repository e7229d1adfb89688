package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.HostAssignment;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler feeds each crawl's list-page outcome and the pages it gave up into the per-site health metrics. */
class CrawlHealthTest {

    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger failedListPages = new AtomicInteger();
    private final AtomicInteger givenUpPages = new AtomicInteger();
    private CrawlScheduler scheduler;

    /**
     * Reads one list page, or fails it when {@link #failedListPages} says so; gives up {@link #givenUpPages} pages.
     */
    private final Crawler crawler = new Crawler() {
        @Override
        public CrawlReport crawl(Site site) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CrawlReport crawl(Site site, CrawlReportBuilder report) {
            int failed = failedListPages.get();
            int read = failed > 0 ? 0 : 1;
            report.listPages(read, failed, 0, 0, read);
            return new CrawlReport(
                    site.id(),
                    START,
                    START,
                    read,
                    0,
                    read,
                    0,
                    0,
                    0,
                    0,
                    0,
                    java.util.Map.of(),
                    failed,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    givenUpPages.get(),
                    0,
                    java.util.Map.of(),
                    failed == 0,
                    List.of(),
                    null);
        }
    };

    @AfterEach
    void stop() {
        scheduler.stop();
    }

    @Test
    void aFailedListPageCountsAndOnlyACleanCrawlMovesTheLastSuccess() throws Exception {
        Site site = TestConfigs.site("portal", List.of("http://portal.test/"), false, 10);
        IngestProperties properties =
                TestConfigs.properties(Duration.ofHours(1), Duration.ofMinutes(20), List.of(site));
        MutableClock clock = new MutableClock(START);
        scheduler = new CrawlScheduler(properties, crawler, HostAssignment.ALL, meters, clock);
        scheduler.start();

        failedListPages.set(2);
        scheduler.crawlNow("portal").get(5, TimeUnit.SECONDS);
        scheduler.crawlNow("portal").get(5, TimeUnit.SECONDS);
        assertThat(gauge("gongkai.ingest.list.failing.crawls")).isEqualTo(2.0);
        assertThat(meters.get("gongkai.ingest.list.failures")
                        .tag("site", "portal")
                        .counter()
                        .count())
                .isEqualTo(4.0);
        assertThat(gauge("gongkai.ingest.crawl.interval")).isEqualTo(1200.0);

        assertThat(gauge("gongkai.ingest.crawl.last.success.timestamp")).isEqualTo((double) START.getEpochSecond());

        failedListPages.set(0);
        clock.set(START.plus(Duration.ofMinutes(30)));
        scheduler.crawlNow("portal").get(5, TimeUnit.SECONDS);
        assertThat(gauge("gongkai.ingest.list.failing.crawls")).isZero();
        assertThat(gauge("gongkai.ingest.crawl.last.success.timestamp"))
                .isEqualTo((double) START.plus(Duration.ofMinutes(30)).getEpochSecond());
    }

    @Test
    void thePagesEachCrawlGaveUpAddUpInTheSitesCounterAndShowInItsLastReport() throws Exception {
        Site site = TestConfigs.site("portal", List.of("http://portal.test/"), false, 10);
        scheduler = new CrawlScheduler(
                TestConfigs.properties(Duration.ofHours(1), Duration.ofMinutes(20), List.of(site)),
                crawler,
                HostAssignment.ALL,
                meters,
                new MutableClock(START));
        scheduler.start();
        assertThat(givenUp()).as("registered before the first crawl").isZero();

        givenUpPages.set(3);
        scheduler.crawlNow("portal").get(5, TimeUnit.SECONDS);
        givenUpPages.set(0);
        scheduler.crawlNow("portal").get(5, TimeUnit.SECONDS);
        givenUpPages.set(2);
        scheduler.crawlNow("portal").get(5, TimeUnit.SECONDS);

        assertThat(givenUp()).isEqualTo(5.0);
        assertThat(scheduler.lastReports().get("portal").givenUp()).isEqualTo(2);
    }

    private double givenUp() {
        return meters.get("gongkai.ingest.pages.given.up")
                .tag("site", "portal")
                .counter()
                .count();
    }

    private double gauge(String name) {
        return meters.get(name).tag("site", "portal").gauge().value();
    }
}
