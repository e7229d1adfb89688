package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void listsMetricNamesNotFunctionsOrLabels() {
        assertThat(PromQl.metricNames("sum by (outcome) (rate(gongkai_index_docs_total{outcome=\"indexed\"}[5m]))"
                        + " / clamp_min(sum(rate(gongkai_index_bulk_latency_seconds_count[5m])), 1e-9)"))
                .containsExactly("gongkai_index_bulk_latency_seconds_count", "gongkai_index_docs_total");
        assertThat(PromQl.metricNames("up{job=\"gongkai\"} == 0")).isEmpty();
        assertThat(PromQl.metricNames("sum by (alertname) (ALERTS{alertstate=\"firing\"})"))
                .isEmpty();
    }

    @Test
    void readsHistogramQuantilesSubqueriesAndGrafanaVariables() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (host, le) "
                        + "(rate(gongkai_ingest_fetch_duration_seconds_bucket{host=~\"$host\"}[$__rate_interval])))"))
                .containsExactly("gongkai_ingest_fetch_duration_seconds_bucket");
        assertThat(PromQl.metricNames("time() - max by (site) (max_over_time((timestamp("
                        + "increase(gongkai_ingest_crawl_duration_seconds_count{site=~\"$site\"}[5m]) > 0))[24h:1m]))"))
                .containsExactly("gongkai_ingest_crawl_duration_seconds_count");
        // the retention rule: last_over_time over a subquery of timestamp(), and over a range
        assertThat(PromQl.metricNames("(time() - max by (service, group, topic) (last_over_time(timestamp("
                        + "gongkai_kafka_topic_retention_limit_seconds{job=\"gongkai\"})[8d:5m]))) > 0.5 * max by "
                        + "(service, group, topic) (last_over_time(gongkai_kafka_topic_retention_limit_seconds[8d]))"))
                .containsExactly("gongkai_kafka_topic_retention_limit_seconds");
    }

    @Test
    void listsTheLabelsOfSelectorsAndGroupings() {
        String expr =
                "sum by (site, outcome) (rate(gongkai_ingest_notices_total{site=~\"$site\",instance=~\"a,b=c\"}[5m]))"
                        + " / on (site) sum without (host) (up{job=\"gongkai\"})";
        assertThat(PromQl.matchedLabels(expr))
                .isEqualTo(Map.of("gongkai_ingest_notices_total", Set.of("site", "instance")));
        assertThat(PromQl.groupingLabels(expr)).containsExactly("host", "outcome", "site");
    }

    @Test
    void readsALabelValuesVariable() {
        assertThat(PromQl.labelValues("label_values(up{job=\"gongkai\", service=~\"$service\"}, instance)"))
                .contains(new PromQl.LabelValues("up{job=\"gongkai\", service=~\"$service\"}", "instance"));
        assertThat(PromQl.labelValues("query_result(up)")).isEmpty();
    }
}
