package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

/** The per-site health metrics, by the names the alert rules in deploy/monitoring/alerts.yml use. */
class SiteCrawlMetricsTest {

    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MutableClock clock = new MutableClock(START);
    private final SiteCrawlMetrics metrics = new SiteCrawlMetrics(
            List.of(TestConfigs.site("portal", List.of("https://portal.test/xxgk/"), false, 10)),
            Duration.ofMinutes(15),
            registry,
            clock);

    @Test
    void everySiteIsExportedFromTheStartWithTheStartAsItsLastSuccess() {
        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("gongkai_ingest_crawl_last_success_timestamp_seconds{site=\"portal\"} "
                        + (double) START.getEpochSecond())
                .contains("gongkai_ingest_crawl_interval_seconds{site=\"portal\"} 900.0")
                .contains("gongkai_ingest_list_failures_total{site=\"portal\"} 0.0")
                .contains("gongkai_ingest_list_failing_crawls{site=\"portal\"} 0.0")
                .contains("gongkai_ingest_list_not_modified_total{site=\"portal\"} 0.0")
                .contains("gongkai_ingest_page_faults{site=\"portal\"} 0.0")
                .contains("gongkai_ingest_pages_given_up_total{site=\"portal\"} 0.0");
    }

    @Test
    void pagesGivenUpAddUpOverCrawls() {
        metrics.givenUp("portal", 2);
        metrics.givenUp("portal", 0);
        metrics.givenUp("portal", 1);

        assertThat(registry.scrape())
                .contains("# HELP gongkai_ingest_pages_given_up_total Pages known only by their faults given up")
                .contains("gongkai_ingest_pages_given_up_total{site=\"portal\"} 3.0");
    }

    @Test
    void aCrawlWhoseListPagesAllAnswered304IsASuccessAndCountsThem() {
        Instant later = START.plus(Duration.ofHours(1));
        clock.set(later);

        metrics.crawled("portal", 0, 2, 0, 0, null, 0);
        metrics.crawled("portal", 0, 1, 0, 0, null, 0);

        assertThat(registry.scrape())
                .contains("gongkai_ingest_list_not_modified_total{site=\"portal\"} 3.0")
                .contains("gongkai_ingest_list_failing_crawls{site=\"portal\"} 0.0")
                .contains("gongkai_ingest_crawl_last_success_timestamp_seconds{site=\"portal\"} "
                        + (double) later.getEpochSecond());
    }

    @Test
    void aListPageDeferredForItsPausedHostKeepsTheFailingCrawlsUntilOneIsRead() {
        metrics.crawled("portal", 0, 0, 1, 0, null, 0);
        metrics.crawled("portal", 0, 0, 1, 0, null, 0);
        metrics.crawled("portal", 0, 0, 0, 1, null, 0);
        metrics.crawled("portal", 0, 0, 0, 1, null, 0);
        assertThat(registry.scrape()).contains("gongkai_ingest_list_failing_crawls{site=\"portal\"} 2.0");

        metrics.crawled("portal", 0, 0, 1, 0, null, 0);
        assertThat(registry.scrape()).contains("gongkai_ingest_list_failing_crawls{site=\"portal\"} 3.0");

        metrics.crawled("portal", 1, 0, 0, 0, null, 0);
        assertThat(registry.scrape()).contains("gongkai_ingest_list_failing_crawls{site=\"portal\"} 0.0");
    }

    @Test
    void pageFaultsShowWhatTheLastCrawlFoundNotASum() {
        metrics.crawled("portal", 1, 0, 0, 0, null, 3);
        assertThat(registry.scrape()).contains("gongkai_ingest_page_faults{site=\"portal\"} 3.0");

        metrics.crawled("portal", 1, 0, 0, 0, null, 1);
        assertThat(registry.scrape()).contains("gongkai_ingest_page_faults{site=\"portal\"} 1.0");
    }

    @Test
    void failingListPagesCountAndOnlyASuccessfulCrawlMovesTheTimestamp() {
        Instant later = START.plus(Duration.ofHours(1));
        clock.set(later);
        SiteCrawlMetrics moving = metrics;

        moving.crawled("portal", 0, 0, 2, 0, null, 0);
        moving.crawled("portal", 1, 0, 1, 0, null, 0);
        assertThat(registry.scrape())
                .contains("gongkai_ingest_list_failures_total{site=\"portal\"} 3.0")
                .contains("gongkai_ingest_list_failing_crawls{site=\"portal\"} 2.0")
                .contains("gongkai_ingest_crawl_last_success_timestamp_seconds{site=\"portal\"} "
                        + (double) START.getEpochSecond());

        clock.set(later.plus(Duration.ofMinutes(30)));
        moving.crawled("portal", 3, 0, 0, 0, "broker unavailable", 0);
        assertThat(registry.scrape())
                .contains("gongkai_ingest_list_failing_crawls{site=\"portal\"} 0.0")
                .contains("gongkai_ingest_crawl_last_success_timestamp_seconds{site=\"portal\"} "
                        + (double) START.getEpochSecond());

        clock.set(later.plus(Duration.ofMinutes(45)));
        moving.crawled("portal", 3, 0, 0, 0, null, 0);
        assertThat(registry.scrape())
                .contains("gongkai_ingest_crawl_last_success_timestamp_seconds{site=\"portal\"} "
                        + (double) later.plus(Duration.ofMinutes(45)).getEpochSecond());
    }
}
