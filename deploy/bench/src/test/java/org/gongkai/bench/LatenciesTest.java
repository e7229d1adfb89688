package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void eachNoticesLatencySplitsIntoTheEnrichLegAndTheIndexLeg() {
        Latencies.Legs legs = Latencies.legs(
                Map.of("a", 1_000L, "b", 2_000L), Map.of("a", 1_300L, "b", 4_500L), Map.of("a", 2_000L, "b", 5_000L));

        assertThat(legs.total()).containsExactlyInAnyOrder(1_000L, 3_000L);
        assertThat(legs.enrich()).containsExactlyInAnyOrder(300L, 2_500L);
        assertThat(legs.index()).containsExactlyInAnyOrder(700L, 500L);
    }

    @Test
    void theIndexLegSplitsWhereTheEnrichedRecordBecameReadable() {
        Latencies.Legs legs = Latencies.legs(
                Map.of("a", 1_000L, "b", 2_000L),
                Map.of("a", 1_300L, "b", 2_500L),
                Map.of("a", 1_900L),
                Map.of("a", 2_400L, "b", 3_000L));

        assertThat(legs.index()).containsExactlyInAnyOrder(1_100L, 500L);
        assertThat(legs.commit()).containsExactly(600L);
        assertThat(legs.afterCommit()).containsExactly(500L);
    }

    @Test
    void aNoticeNeverSeenEnrichedHasATotalButNoLegsAndOneWithoutAnEndIsLeftOut() {
        Latencies.Legs legs =
                Latencies.legs(Map.of("held", 1_000L, "unfinished", 1_000L), Map.of(), Map.of("held", 31_000L));

        assertThat(legs.total()).containsExactly(30_000L);
        assertThat(legs.enrich()).isEmpty();
        assertThat(legs.index()).isEmpty();
    }

    @Test
    void theWarmUpRuleLeavesOutTheFirstShareOfTheNoticesByPublishTime() {
        Map<String, Long> published = Map.of("a", 5L, "b", 1L, "c", 3L, "d", 2L, "e", 4L);

        assertThat(Latencies.afterWarmUp(published, 0.2)).containsOnlyKeys("a", "c", "d", "e");
        assertThat(Latencies.afterWarmUp(published, 0.5)).containsOnlyKeys("a", "e"); // ceil(2.5) = 3 left out
        assertThat(Latencies.afterWarmUp(published, 0.0)).isEqualTo(published);
        assertThat(Latencies.afterWarmUp(Map.of(), 0.2)).isEmpty();
    }

    @Test
    void percentilesAreNearestRank() {
        List<Long> values = List.of(5L, 1L, 4L, 2L, 3L, 6L, 7L, 8L, 9L, 10L);

        assertThat(Latencies.percentile(values, 50)).isEqualTo(5);
        assertThat(Latencies.percentile(values, 99)).isEqualTo(10);
        assertThat(Latencies.percentile(List.of(), 50)).isNaN();
    }

    @Test
    void aNoticeFoundSearchableLeavesThePendingOnesWithItsTimeAndALateFindIsIgnored() {
        try (Latencies latencies = new Latencies()) {
            latencies.published("a", 1_000);
            latencies.published("b", 1_000);

            latencies.searchable(List.of("a"), 3_000);
            latencies.searchable(List.of("a"), 9_000);

            assertThat(latencies.pending()).isEqualTo(1);
            assertThat(latencies.found()).isEqualTo(1);
            assertThat(latencies.legs().total()).containsExactly(2_000L);
        }
    }

    @Test
    void theLongestUnaskedTimeIsTheLongestAnIdWaitedSinceItsPublishOrLastAskAtTheStartOfARound() {
        try (Latencies latencies = new Latencies()) {
            for (int i = 0; i < PendingIds.PER_ROUND + 1; i++) {
                latencies.published("n" + i, 1_000);
            }

            latencies.nextRound(1_100); // n0 … n999
            latencies.nextRound(1_300); // n1000, unasked since its publish, then n0 … n998
            latencies.nextRound(1_350); // n999, asked at 1,100

            assertThat(latencies.longestUnaskedMillis()).isEqualTo(300);
        }
    }

    @Test
    void aFailedSearchIsCountedWithItsErrorAndThePollerAsksAgainNextRound() throws Exception {
        AtomicInteger searches = new AtomicInteger();
        HttpServer node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        node.createContext("/notices/_search", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean first = searches.incrementAndGet() == 1;
            byte[] body = (first
                            ? "{\"error\":{\"type\":\"circuit_breaking_exception\"},\"status\":429}"
                            : "{\"hits\":{\"hits\":[{\"_id\":\"n1\"}]}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(first ? 429 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        node.start();
        try (Latencies latencies = new Latencies(
                new Elastic("http://127.0.0.1:" + node.getAddress().getPort()), "notices", 10)) {
            latencies.published("n1", 1_000);

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> latencies.pending() == 0);

            assertThat(latencies.poller().failedSearches()).isEqualTo(1);
            assertThat(latencies.poller().firstFailure()).startsWith("HTTP 429").contains("circuit_breaking_exception");
            assertThat(latencies.legs().total()).hasSize(1);
            assertThat(latencies.poller().longestSearchMillis()).isPositive();
        } finally {
            node.stop(0);
        }
    }
}
