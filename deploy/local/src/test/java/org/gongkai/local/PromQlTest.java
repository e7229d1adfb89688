package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

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

    /**
     * deploy/compose-test reads the dashboards' and rules' metric names with metric-names.py, this module's tests
     * with PromQl: both read the words that are not metrics from one file, and here every expression the script
     * reads (and this test's own, on stdin) must give the same names in both, so neither can drift alone.
     */
    @Test
    void readsEveryDashboardAndRuleExpressionAsMetricNamesPyDoes() throws Exception {
        List<String> own = List.of(
                "sum by (outcome) (rate(gongkai_index_docs_total{outcome=\"indexed\"}[5m]))",
                "histogram_quantile(0.95, sum by (host, le) (rate(x_bucket{host=~\"$host\"}[$__rate_interval])))",
                "time() - max by (site) (max_over_time((timestamp(increase(y_count[5m]) > 0))[24h:1m]))",
                "sum by (alertname) (ALERTS{alertstate=\"firing\"}) + absent(up) * 1e-9");
        String script = """
                import json, runpy, sys
                m = runpy.run_path(sys.argv[1])
                expressions = list(m["expressions"]()) + json.load(sys.stdin)
                print(json.dumps({e: sorted(m["metric_names"](e)) for e in expressions}))
                """;
        Process python = new ProcessBuilder(
                        "python3",
                        "-c",
                        script,
                        PromQl.repo()
                                .resolve("deploy/monitoring/metric-names.py")
                                .toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        JsonMapper json = JsonMapper.builder().build();
        try (var stdin = python.getOutputStream()) {
            stdin.write(json.writeValueAsBytes(own));
        }
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as("python3 metric-names.py").isZero();
        Map<String, List<String>> byPython =
                new TreeMap<>(json.readValue(out, new TypeReference<Map<String, List<String>>>() {}));
        assertThat(byPython.keySet())
                .as("the script read the dashboards and the rules")
                .hasSizeGreaterThan(own.size() + 10)
                .containsAll(own);
        Map<String, List<String>> byJava = new TreeMap<>();
        byPython.keySet().forEach(expr -> byJava.put(expr, List.copyOf(new TreeSet<>(PromQl.metricNames(expr)))));
        assertThat(byJava).isEqualTo(byPython);
    }
}
