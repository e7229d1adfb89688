package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void publishTimesAreCountedByStepFromTheStartAndThoseOutsideTheStepsAreLeftOut() {
        int[] counts = Latencies.perStep(List.of(999L, 1_000L, 1_199L, 1_200L, 1_650L, 1_999L, 2_000L), 1_000L, 200, 5);

        assertThat(counts).containsExactly(2, 1, 0, 1, 1);
    }

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
    void theLongestUnaskedTimeIsTheLongestAnOwedIdWaitedAfterARefreshAtTheStartOfARound() {
        try (Latencies latencies = new Latencies()) {
            for (int i = 0; i < PendingIds.PER_ROUND + 1; i++) {
                latencies.published("n" + i, 1_000);
            }

            latencies.nextRound(1_100); // no refresh seen: nothing owed, nothing asked
            latencies.refreshed(1_150, 1_200);
            latencies.nextRound(1_200); // n0 … n999, owed since 1,150
            latencies.nextRound(1_450); // n1000, owed since 1,150

            assertThat(latencies.longestUnaskedMillis()).isEqualTo(300);
        }
    }

    @Test
    void aFailedSearchIsCountedWithItsErrorAndThePollerAsksAgainNextRound() throws Exception {
        AtomicInteger searches = new AtomicInteger();
        HttpServer node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger refreshes = new AtomicInteger();
        node.createContext(
                "/notices/_stats", exchange -> answer(exchange, 200, refreshCount(refreshes.incrementAndGet())));
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

    /**
     * Session 12: the poller asks only after the node's refresh count changed; the notice's time is the answer of the
     * first search after that refresh.
     */
    @Test
    void thePollerSearchesOnlyOnceTheNodesRefreshCountChanged() throws Exception {
        AtomicInteger refreshes = new AtomicInteger(7);
        AtomicInteger checks = new AtomicInteger();
        List<String> searched = new CopyOnWriteArrayList<>();
        HttpServer node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        node.createContext("/notices/_stats", exchange -> {
            assertThat(exchange.getRequestURI().toString()).endsWith(SearchablePoller.REFRESH_COUNT);
            checks.incrementAndGet();
            answer(exchange, 200, refreshCount(refreshes.get()));
        });
        node.createContext("/notices/_search", exchange -> {
            String query = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            searched.add(query);
            answer(
                    exchange,
                    200,
                    refreshes.get() > 7 ? "{\"hits\":{\"hits\":[{\"_id\":\"n1\"}]}}" : "{\"hits\":{\"hits\":[]}}");
        });
        node.start();
        try (Latencies latencies = new Latencies(
                new Elastic("http://127.0.0.1:" + node.getAddress().getPort()), "notices", 5)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> checks.get() >= 2);
            latencies.published("n1", System.currentTimeMillis());
            int checksBefore = checks.get();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> checks.get() >= checksBefore + 10);

            assertThat(searched).as("no refresh since the publish: no search").isEmpty();
            assertThat(latencies.poller().rounds()).isZero();

            refreshes.incrementAndGet();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> latencies.pending() == 0);

            assertThat(searched).hasSize(1).first().asString().contains("\"n1\"");
            assertThat(latencies.found()).isEqualTo(1);
            assertThat(latencies.poller().failedSearches()).isZero();
        } finally {
            node.stop(0);
        }
    }

    @Test
    void aFailedRefreshCheckCountsAsARefreshSoItNeverHoldsAFigure() throws Exception {
        HttpServer node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        node.createContext("/notices/_stats", exchange -> answer(exchange, 503, "{\"error\":\"unavailable\"}"));
        node.createContext("/notices/_search", exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, 200, "{\"hits\":{\"hits\":[{\"_id\":\"n1\"}]}}");
        });
        node.start();
        try (Latencies latencies = new Latencies(
                new Elastic("http://127.0.0.1:" + node.getAddress().getPort()), "notices", 5)) {
            latencies.published("n1", System.currentTimeMillis() + 60_000); // after any refresh seen so far

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> latencies.pending() == 0);

            assertThat(latencies.poller().failedSearches()).isPositive();
            assertThat(latencies.poller().firstFailure()).startsWith("refresh check: HTTP 503");
        } finally {
            node.stop(0);
        }
    }

    @Test
    void aSweepOfMoreThanOneRoundRunsWithoutRefreshChecksBetweenItsRounds() throws Exception {
        AtomicInteger refreshes = new AtomicInteger(1);
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        node.createContext("/notices/_stats", exchange -> {
            requests.add("check");
            answer(exchange, 200, refreshCount(refreshes.get()));
        });
        node.createContext("/notices/_search", exchange -> {
            exchange.getRequestBody().readAllBytes();
            requests.add("search");
            answer(exchange, 200, "{\"hits\":{\"hits\":[]}}");
        });
        node.start();
        try (Latencies latencies = new Latencies(
                new Elastic("http://127.0.0.1:" + node.getAddress().getPort()), "notices", 5)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() >= 2);
            for (int i = 0; i < PendingIds.PER_ROUND * 2 + 500; i++) {
                latencies.published("n" + i, System.currentTimeMillis());
            }
            refreshes.incrementAndGet();

            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> requests.stream().filter("search"::equals).count() >= 3);

            List<String> seen = List.copyOf(requests);
            int first = seen.indexOf("search");
            assertThat(seen.subList(first, first + 3)).containsOnly("search");
        } finally {
            node.stop(0);
        }
    }

    private static String refreshCount(int count) {
        return "{\"_all\":{\"total\":{\"refresh\":{\"external_total\":" + count + "}}}}";
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
