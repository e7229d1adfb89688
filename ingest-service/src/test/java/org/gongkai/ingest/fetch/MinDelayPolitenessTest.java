package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.gongkai.ingest.site.IngestProperties;
import org.junit.jupiter.api.Test;

class MinDelayPolitenessTest {

    /**
     * Session 18's trial: with a pause shorter than the longest wait left (the pause's last {@code max-wait}), a crawl
     * waited for the paused host and held the site's other hosts' pages until the pause ended (up to 2 min a crawl).
     * A paused host defers at once however soon its pause ends; a backoff short of the pause is still waited for.
     */
    @Test
    void aPausedHostIsNotWaitedForEvenWhenItsPauseEndsWithinTheLongestWait() throws Exception {
        MinDelayPoliteness politeness = new MinDelayPoliteness(
                new IngestProperties.Politeness(
                        Duration.ZERO,
                        Duration.ofSeconds(60),
                        16,
                        Duration.ofMillis(10),
                        Duration.ofMillis(10),
                        1,
                        Duration.ofSeconds(2),
                        Duration.ofMinutes(2)),
                new SimpleMeterRegistry());
        try (HostPoliteness.Turn turn = politeness.acquire("down.test")) {
            turn.failed("HTTP 500 from GET http://down.test/");
        }

        assertThatThrownBy(() -> politeness.acquire("down.test"))
                .isInstanceOf(HostPausedException.class)
                .hasMessageContaining("down.test");
    }

    /**
     * Session 18's trial, finding 2: a page's own last retry paused its host, and the robots.txt probe that decides
     * whether the page or the host is at fault was refused. A probe's turn passes the pause; an answer that shows the
     * host up ends the pause, a 4xx of robots.txt (inconclusive) leaves it.
     */
    @Test
    void aProbesTurnPassesAPauseWhichAServedProbeEndsAndAnInconclusiveOneLeaves() throws Exception {
        MinDelayPoliteness politeness = pausingAfterOneFailure();
        try (HostPoliteness.Turn turn = politeness.acquire("flaky.test")) {
            turn.failed("HTTP 500 from GET http://flaky.test/doc.html");
        }
        assertThatThrownBy(() -> politeness.acquire("flaky.test")).isInstanceOf(HostPausedException.class);

        try (HostPoliteness.Turn probe = politeness.acquireProbe("flaky.test")) {
            probe.inconclusive();
        }
        assertThatThrownBy(() -> politeness.acquire("flaky.test"))
                .as("robots.txt 404 says nothing of the host: still paused")
                .isInstanceOf(HostPausedException.class);

        politeness.acquireProbe("flaky.test").close();

        assertThat(politeness.failures("flaky.test")).isZero();
        politeness.acquire("flaky.test").close();
    }

    @Test
    void aHostIsReportedPausedFromTheFailureThatPausesItUntilItAnswers() throws Exception {
        MinDelayPoliteness politeness = pausingAfterOneFailure();
        assertThat(politeness.paused("Flaky.test")).as("never met").isFalse();
        politeness.acquire("flaky.test").close();
        assertThat(politeness.paused("flaky.test")).isFalse();

        try (HostPoliteness.Turn turn = politeness.acquire("flaky.test")) {
            turn.failed("HTTP 500 from GET http://flaky.test/doc.html");
            assertThat(politeness.paused("flaky.test"))
                    .as("not before the turn closes")
                    .isFalse();
        }
        assertThat(politeness.paused("Flaky.test"))
                .as("read without a turn, any case")
                .isTrue();

        politeness.acquireProbe("flaky.test").close();
        assertThat(politeness.paused("flaky.test"))
                .as("a probe answered: the pause is over")
                .isFalse();
    }

    private static MinDelayPoliteness pausingAfterOneFailure() {
        return new MinDelayPoliteness(
                new IngestProperties.Politeness(
                        Duration.ZERO,
                        Duration.ofSeconds(60),
                        16,
                        Duration.ofMillis(10),
                        Duration.ofMillis(10),
                        1,
                        Duration.ofMinutes(30),
                        Duration.ofMinutes(2)),
                new SimpleMeterRegistry());
    }

    @Test
    void requestsToOneHostArePausedByTheMinimumDelay() throws Exception {
        MinDelayPoliteness politeness = new MinDelayPoliteness(Duration.ofMillis(150));
        long start = System.nanoTime();

        for (int i = 0; i < 3; i++) {
            politeness.acquire("Portal.test").close();
        }

        // The first turn is immediate, the next two each wait the delay.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aHostsOwnMinimumDelayReplacesTheConfiguredOne() throws Exception {
        MinDelayPoliteness politeness = new MinDelayPoliteness(Duration.ofSeconds(30));
        politeness.minDelay("Fast.test", Duration.ofMillis(150));
        politeness.minDelay("fast.test", Duration.ofMillis(100)); // the longer override stays
        long start = System.nanoTime();

        for (int i = 0; i < 3; i++) {
            politeness.acquire("fast.test").close();
        }

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void differentHostsDoNotWaitForEachOther() throws Exception {
        MinDelayPoliteness politeness = new MinDelayPoliteness(Duration.ofSeconds(30));
        long start = System.nanoTime();

        politeness.acquire("a.test").close();
        politeness.acquire("b.test").close();
        politeness.acquire("c.test").close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void oneRequestAtATimePerHost() throws Exception {
        MinDelayPoliteness politeness = new MinDelayPoliteness(Duration.ZERO);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(pool.submit(() -> {
                    try (HostPoliteness.Turn turn = politeness.acquire("portal.test")) {
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        Thread.yield();
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
        assertThat(maxInFlight).hasValue(1);
    }
}
