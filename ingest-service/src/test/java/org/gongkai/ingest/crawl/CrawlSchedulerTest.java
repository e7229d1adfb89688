package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CrawlSchedulerTest {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<String> crawled = new CopyOnWriteArrayList<>();
    private final CountDownLatch gate = new CountDownLatch(1);
    private volatile boolean blockOnGate;
    private volatile RuntimeException failFirst;
    private CrawlScheduler scheduler;

    private final Crawler crawler = site -> {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            crawled.add(site.id());
            RuntimeException failure = failFirst;
            if (failure != null) {
                failFirst = null;
                throw failure;
            }
            if (blockOnGate) {
                gate.await(10, TimeUnit.SECONDS);
            }
            Instant now = Instant.now();
            return new CrawlReport(site.id(), now, now, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);
        } finally {
            inFlight.decrementAndGet();
        }
    };

    private CrawlScheduler scheduler(Duration initialDelay, Duration interval) {
        IngestProperties properties = TestConfigs.properties(initialDelay, interval, List.of(site("a"), site("b")));
        scheduler = new CrawlScheduler(properties, crawler, new SimpleMeterRegistry());
        return scheduler;
    }

    private static Site site(String id) {
        return TestConfigs.site(id, List.of("http://" + id + ".test/"), false, 10);
    }

    @AfterEach
    void stop() {
        gate.countDown();
        if (scheduler != null) {
            scheduler.stop();
        }
    }

    @Test
    void crawlsAllSitesAfterTheInitialDelayAndRecordsReports() {
        scheduler(Duration.ofMillis(100), Duration.ofHours(1)).start();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> scheduler.lastReports().size() == 2);
        assertThat(crawled).containsExactly("a", "b");
        assertThat(scheduler.lastReports().get("a").published()).isEqualTo(1);
        assertThat(scheduler.isRunning()).isTrue();
    }

    @Test
    void nothingHappensBeforeTheInitialDelay() {
        scheduler(Duration.ofHours(1), Duration.ofHours(1)).start();

        assertThat(scheduler.nextScheduledCrawl()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
        assertThat(crawled).isEmpty();
    }

    @Test
    void manualCrawlsQueueBehindTheRunningOneAndNeverOverlap() throws Exception {
        blockOnGate = true;
        scheduler(Duration.ZERO, Duration.ofHours(1)).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.running().isPresent());

        CompletableFuture<CrawlReport> first = scheduler.crawlNow("b");
        CompletableFuture<CrawlReport> duplicate = scheduler.crawlNow("b");
        assertThat(duplicate).isSameAs(first);
        assertThat(first).isNotDone();

        gate.countDown();
        CrawlReport report = first.get(5, TimeUnit.SECONDS);

        assertThat(report.siteId()).isEqualTo("b");
        // The manual crawl ran before b's scheduled one and replaced it: b is next due an interval later.
        assertThat(crawled).containsExactly("a", "b");
        assertThat(scheduler.nextCrawl("b"))
                .hasValueSatisfying(t -> assertThat(t).isAfter(Instant.now().plus(Duration.ofMinutes(59))));
        assertThat(maxInFlight).hasValue(1);
    }

    @Test
    void aFailingCrawlDoesNotStopTheSchedule() {
        failFirst = new IllegalStateException("boom");
        scheduler(Duration.ZERO, Duration.ofMillis(100)).start();

        await().atMost(Duration.ofSeconds(5)).until(() -> crawled.size() >= 4);
        assertThat(crawled).startsWith("a", "b", "a", "b");
    }

    @Test
    void unknownSitesAreRejected() {
        scheduler(Duration.ofHours(1), Duration.ofHours(1)).start();

        assertThatThrownBy(() -> scheduler.crawlNow("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stopInterruptsARunningCrawl() {
        blockOnGate = true;
        scheduler(Duration.ZERO, Duration.ofHours(1)).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.running().isPresent());

        long start = System.nanoTime();
        scheduler.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(scheduler.isRunning()).isFalse();
    }

    @Test
    void eachSiteIsCrawledOnItsOwnSchedule() {
        Site base = site("fast");
        Site fast = new Site(
                base.id(),
                null,
                base.listUrls(),
                false,
                null,
                null,
                10,
                Site.Pagination.AUTO,
                10,
                List.of(),
                Duration.ofMillis(100),
                null,
                null,
                null);
        IngestProperties properties =
                TestConfigs.properties(Duration.ZERO, Duration.ofHours(1), List.of(fast, site("slow")));
        scheduler = new CrawlScheduler(properties, crawler, new SimpleMeterRegistry());
        scheduler.start();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> crawled.stream().filter("fast"::equals).count() >= 4);
        assertThat(crawled).containsOnlyOnce("slow");
        assertThat(maxInFlight).hasValue(1);
        assertThat(scheduler.nextCrawl("slow"))
                .hasValueSatisfying(t -> assertThat(t).isAfter(Instant.now().plus(Duration.ofMinutes(59))));
        assertThat(scheduler.nextCrawl("fast"))
                .hasValueSatisfying(t -> assertThat(t).isBefore(Instant.now().plus(Duration.ofSeconds(1))));
        assertThat(scheduler.nextScheduledCrawl()).isBefore(Instant.now().plus(Duration.ofSeconds(1)));
    }

    @Test
    void aNonPositiveScheduleIsInvalid() {
        Site base = site("x");
        Site zero = new Site(
                base.id(),
                null,
                base.listUrls(),
                false,
                null,
                null,
                10,
                null,
                10,
                List.of(),
                Duration.ZERO,
                null,
                null,
                null);
        assertThat(zero.isSchedulePositive()).isFalse();
        assertThat(base.isSchedulePositive()).isTrue();
        assertThat(base.crawlInterval(Duration.ofMinutes(7))).isEqualTo(Duration.ofMinutes(7));
    }
}
