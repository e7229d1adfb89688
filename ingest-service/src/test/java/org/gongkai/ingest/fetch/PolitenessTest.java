package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.ScriptedServer.Answer;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.url.AllowedNetworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Politeness end to end through the real HTTP transport against a scripted server on 127.0.0.1: Retry-After,
 * exponential backoff, pausing a failing host, crawl delay and the global concurrency limit.
 */
class PolitenessTest {

    private static final AllowedNetworks LOOPBACK = AllowedNetworks.of(java.util.List.of("127.0.0.0/8"));

    private final ScriptedServer server = new ScriptedServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        server.close();
    }

    /** Backoff 100 ms doubling up to 400 ms, paused after 4 failures, waits of at most 3 s; no jitter. */
    private static IngestProperties.Politeness config(Duration minDelay) {
        return new IngestProperties.Politeness(
                minDelay,
                Duration.ofSeconds(2),
                2,
                Duration.ofMillis(100),
                Duration.ofMillis(400),
                4,
                Duration.ofMinutes(30),
                Duration.ofSeconds(3));
    }

    private HttpFetcher fetcher(MinDelayPoliteness politeness, int retries) {
        return new HttpFetcher(
                new JdkHttpTransport(Duration.ofSeconds(2)),
                new AddressGuard(HostResolver.SYSTEM), // 127.0.0.1 is a literal: no DNS
                politeness,
                TestConfigs.fetch(Duration.ofSeconds(2), Duration.ofSeconds(5), DataSize.ofMegabytes(1), 5, retries),
                "Gongkai/test",
                meters,
                Clock.systemUTC());
    }

    private static Duration gap(List<ScriptedServer.Hit> hits, int i) {
        return Duration.ofNanos(hits.get(i).nanoTime() - hits.get(i - 1).nanoTime());
    }

    @Test
    void tooManyRequestsWithRetryAfterSecondsIsWaitedOutThenRetried() throws Exception {
        server.on("/a.html", Answer.of(429, "slow down", "Retry-After", "1"), Answer.of(200, "ok"));
        MinDelayPoliteness politeness = new MinDelayPoliteness(config(Duration.ZERO), meters, () -> 0.0);

        FetchResult result = fetcher(politeness, 2).fetch(server.uri("/a.html"), LOOPBACK);

        assertThat(result.status()).isEqualTo(200);
        assertThat(server.hits("/a.html")).hasSize(2);
        assertThat(gap(server.hits("/a.html"), 1)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(politeness.failures("127.0.0.1")).isZero();
    }

    @Test
    void serviceUnavailableWithRetryAfterDateIsWaitedOut() throws Exception {
        String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(2));
        server.on("/b.html", Answer.of(503, "maintenance", "Retry-After", inTwoSeconds), Answer.of(200, "ok"));
        MinDelayPoliteness politeness = new MinDelayPoliteness(config(Duration.ZERO), meters, () -> 0.0);

        FetchResult result = fetcher(politeness, 1).fetch(server.uri("/b.html"), LOOPBACK);

        assertThat(result.status()).isEqualTo(200);
        // HTTP dates have whole seconds: at least one second must pass.
        assertThat(gap(server.hits("/b.html"), 1)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aRetryAfterLongerThanTheLongestWaitPausesTheHostInsteadOfBlocking() throws Exception {
        server.on("/c.html", Answer.of(429, "", "Retry-After", "3600"), Answer.of(200, "ok"));
        MinDelayPoliteness politeness = new MinDelayPoliteness(config(Duration.ZERO), meters, () -> 0.0);
        long start = System.nanoTime();

        assertThatThrownBy(() -> fetcher(politeness, 2).fetch(server.uri("/c.html"), LOOPBACK))
                .isInstanceOf(HostPausedException.class)
                .hasMessageContaining("127.0.0.1");

        assertThat(server.hits("/c.html")).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void serverErrorsAreRetriedWithGrowingBackoffUntilSuccess() throws Exception {
        server.on("/d.html", Answer.of(500, "oops"), Answer.of(502, "oops"), Answer.of(200, "ok"));
        MinDelayPoliteness politeness = new MinDelayPoliteness(config(Duration.ZERO), meters, () -> 0.0);

        FetchResult result = fetcher(politeness, 2).fetch(server.uri("/d.html"), LOOPBACK);

        assertThat(result.status()).isEqualTo(200);
        List<ScriptedServer.Hit> hits = server.hits("/d.html");
        assertThat(hits).hasSize(3);
        assertThat(gap(hits, 1)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(gap(hits, 2)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(politeness.failures("127.0.0.1")).isZero();
        assertThat(meters.get("gongkai.ingest.fetch.retries").counter().count()).isEqualTo(2.0);
    }

    @Test
    void retriesAreBoundedAndTheLastAnswerIsReturned() throws Exception {
        server.on("/e.html", Answer.of(500, "oops"));
        MinDelayPoliteness politeness = new MinDelayPoliteness(config(Duration.ZERO), meters, () -> 0.0);

        FetchResult result = fetcher(politeness, 2).fetch(server.uri("/e.html"), LOOPBACK);

        assertThat(result.status()).isEqualTo(500);
        assertThat(server.hits("/e.html")).hasSize(3);
        assertThat(politeness.failures("127.0.0.1")).isEqualTo(3);
    }

    @Test
    void aHostThatKeepsFailingIsPausedNotHammered() throws Exception {
        server.on("/f.html", Answer.of(500, "down"));
        MinDelayPoliteness politeness = new MinDelayPoliteness(config(Duration.ZERO), meters, () -> 0.0);
        HttpFetcher fetcher = fetcher(politeness, 0);

        for (int i = 0; i < 4; i++) {
            assertThat(fetcher.fetch(server.uri("/f.html"), LOOPBACK).status()).isEqualTo(500);
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> fetcher.fetch(server.uri("/f.html"), LOOPBACK))
                .isInstanceOf(HostPausedException.class);

        assertThat(server.hits("/f.html")).hasSize(4);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void jitterShortensTheBackoffByUpToHalf() throws Exception {
        server.on("/g.html", Answer.of(500, "oops"), Answer.of(200, "ok"));
        // Jitter 0.999: the 100 ms backoff shrinks to about 50 ms, but never below.
        MinDelayPoliteness politeness = new MinDelayPoliteness(config(Duration.ZERO), meters, () -> 0.999);
        assertThat(politeness.jitteredBackoff(1))
                .isGreaterThanOrEqualTo(Duration.ofMillis(50))
                .isLessThan(Duration.ofMillis(51));

        fetcher(politeness, 1).fetch(server.uri("/g.html"), LOOPBACK);

        // the retry waited for it (only the lower bound: a loaded machine may wait longer, never shorter)
        assertThat(gap(server.hits("/g.html"), 1)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void backoffDoublesUpToTheMaximumAndEndsInAPause() {
        MinDelayPoliteness politeness = new MinDelayPoliteness(config(Duration.ZERO), meters, () -> 0.0);

        assertThat(politeness.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(politeness.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(politeness.backoff(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(politeness.backoff(4)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void crawlDelayFromRobotsTxtStretchesTheMinimumDelayUpToItsCap() throws Exception {
        MinDelayPoliteness politeness = new MinDelayPoliteness(config(Duration.ofMillis(10)), meters, () -> 0.0);
        politeness.crawlDelay("slow.test", Duration.ofMillis(300));
        politeness.crawlDelay("capped.test", Duration.ofHours(1));

        long start = System.nanoTime();
        politeness.acquire("slow.test").close();
        politeness.acquire("slow.test").close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        // An hour-long Crawl-delay is cut to max-crawl-delay (2 s), which is within max-wait: waited, not refused.
        politeness.acquire("capped.test").close();
        long capped = System.nanoTime();
        politeness.acquire("capped.test").close();
        assertThat(Duration.ofNanos(System.nanoTime() - capped))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900))
                .isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void theGlobalLimitCapsRequestsInFlightOverAllHosts() throws Exception {
        MinDelayPoliteness politeness = new MinDelayPoliteness(config(Duration.ZERO), meters, () -> 0.0);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String host = "h" + (i % 6) + ".test";
                futures.add(pool.submit(() -> {
                    try (HostPoliteness.Turn turn = politeness.acquire(host)) {
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        Thread.sleep(20); // holds the turn like a request would
                        inFlight.decrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxInFlight).hasValue(2);
    }

    @Test
    void retryAfterValuesAreParsed() {
        Clock clock = Clock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
        assertThat(HopExchange.retryAfter("120", clock)).contains(Duration.ofMinutes(2));
        assertThat(HopExchange.retryAfter("Thu, 01 Jan 2026 00:00:30 GMT", clock))
                .contains(Duration.ofSeconds(30));
        assertThat(HopExchange.retryAfter("Wed, 31 Dec 2025 23:00:00 GMT", clock))
                .contains(Duration.ZERO);
        assertThat(HopExchange.retryAfter("soon", clock)).isEmpty();
        assertThat(HopExchange.retryAfter(null, clock)).isEmpty();
    }

    @Test
    void noRetryStartsAfterThePagesTotalTimeout() throws Exception {
        server.on("/slow-fail.html", Answer.of(500, "oops"));
        MinDelayPoliteness politeness = new MinDelayPoliteness(config(Duration.ZERO), meters, () -> 0.0);
        HttpFetcher fetcher = new HttpFetcher(
                new JdkHttpTransport(Duration.ofSeconds(2)),
                new AddressGuard(HostResolver.SYSTEM),
                politeness,
                new IngestProperties.Fetch(
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5),
                        DataSize.ofMegabytes(1),
                        5,
                        10,
                        Duration.ofMillis(250)),
                "Gongkai/test",
                meters,
                Clock.systemUTC());

        assertThatThrownBy(() -> fetcher.fetch(server.uri("/slow-fail.html"), LOOPBACK))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("total timeout");

        // Backoffs of 100, 200, 400 ms: the third attempt would start at 300 ms, after the 250 ms deadline.
        assertThat(server.hits("/slow-fail.html")).hasSize(2);
        assertThat(meters.get("gongkai.ingest.fetch.errors")
                        .tag("kind", "timeout")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }
}
