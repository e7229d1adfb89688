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
    private final java.util.Map<String, AtomicInteger> inFlightBySite = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger maxInFlightOfOneSite = new AtomicInteger();
    /** Sites whose crawls wait for the gate; all when null. */
    private volatile java.util.Set<String> gated;

    private final List<String> crawled = new CopyOnWriteArrayList<>();
    private final CountDownLatch gate = new CountDownLatch(1);
    private volatile boolean blockOnGate;
    private volatile RuntimeException failFirst;
    private CrawlScheduler scheduler;

    private final Crawler crawler = site -> {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        AtomicInteger ofSite = inFlightBySite.computeIfAbsent(site.id(), id -> new AtomicInteger());
        maxInFlightOfOneSite.accumulateAndGet(ofSite.incrementAndGet(), Math::max);
        try {
            crawled.add(site.id());
            RuntimeException failure = failFirst;
            if (failure != null) {
                failFirst = null;
                throw failure;
            }
            if (blockOnGate && (gated == null || gated.contains(site.id()))) {
                gate.await(10, TimeUnit.SECONDS);
            }
            Instant now = Instant.now();
            return new CrawlReport(
                    site.id(),
                    now,
                    now,
                    1,
                    0,
                    1,
                    1,
                    0,
                    0,
                    0,
                    0,
                    java.util.Map.of(),
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    java.util.Map.of(),
                    true,
                    List.of(),
                    null);
        } finally {
            ofSite.decrementAndGet();
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
        assertThat(crawled).containsExactlyInAnyOrder("a", "b");
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
    void aManualCrawlQueuesBehindTheRunningCrawlOfItsSiteAndNeverOverlapsIt() throws Exception {
        blockOnGate = true;
        scheduler(Duration.ZERO, Duration.ofHours(1)).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.running().containsAll(List.of("a", "b")));

        CompletableFuture<CrawlReport> first = scheduler.crawlNow("b");
        CompletableFuture<CrawlReport> duplicate = scheduler.crawlNow("b");
        assertThat(duplicate).isSameAs(first);
        assertThat(first).isNotDone();

        gate.countDown();
        CrawlReport report = first.get(5, TimeUnit.SECONDS);

        assertThat(report.siteId()).isEqualTo("b");
        assertThat(crawled).containsOnly("a", "b").filteredOn("b"::equals).hasSize(2);
        // The manual crawl replaced the next scheduled one: b is next due an interval after it. Awaited, not read at
        // once: the scheduled crawl the manual one waited for puts b back in the queue from its own thread when it
        // ends, and until then nextCrawl still shows that crawl's start.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(scheduler.nextCrawl("b"))
                        .hasValueSatisfying(
                                t -> assertThat(t).isAfter(Instant.now().plus(Duration.ofMinutes(59)))));
        assertThat(maxInFlightOfOneSite).hasValue(1);
        assertThat(maxInFlight).hasValue(2);
    }

    @Test
    void aSlowSiteDoesNotHoldBackTheOthers() {
        blockOnGate = true;
        gated = java.util.Set.of("a");
        scheduler(Duration.ZERO, Duration.ofMillis(50)).start();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> crawled.stream().filter("b"::equals).count() >= 3);
        assertThat(crawled).containsOnlyOnce("a");
        assertThat(scheduler.running()).contains("a");
        assertThat(scheduler.progress()).containsKey("a");
        assertThat(maxInFlightOfOneSite).hasValue(1);
    }

    @Test
    void aFailingCrawlDoesNotStopTheSchedule() {
        failFirst = new IllegalStateException("boom");
        scheduler(Duration.ZERO, Duration.ofMillis(100)).start();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> crawled.stream().filter("a"::equals).count() >= 2
                        && crawled.stream().filter("b"::equals).count() >= 2);
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
        await().atMost(Duration.ofSeconds(5)).until(() -> !scheduler.running().isEmpty());

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
                List.of(),
                null,
                null,
                null,
                10,
                Site.Pagination.AUTO,
                10,
                List.of(),
                Duration.ofMillis(100),
                null,
                null,
                null,
                false);
        IngestProperties properties =
                TestConfigs.properties(Duration.ZERO, Duration.ofHours(1), List.of(fast, site("slow")));
        scheduler = new CrawlScheduler(properties, crawler, new SimpleMeterRegistry());
        scheduler.start();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> crawled.stream().filter("fast"::equals).count() >= 4);
        assertThat(crawled).containsOnlyOnce("slow");
        assertThat(maxInFlightOfOneSite).hasValue(1);
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
                List.of(),
                null,
                null,
                null,
                10,
                null,
                10,
                List.of(),
                Duration.ZERO,
                null,
                null,
                null,
                false);
        assertThat(zero.isSchedulePositive()).isFalse();
        assertThat(base.isSchedulePositive()).isTrue();
        assertThat(base.crawlInterval(Duration.ofMinutes(7))).isEqualTo(Duration.ofMinutes(7));
    }
}
