package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void listsMetricNamesNotFunctionsOrLabels() {
        assertThat(PromQl.metricNames("sum by (outcome) (rate(gongkai_index_docs_total{outcome=\"indexed\"}[5m]))"
                        + " / clamp_min(sum(rate(gongkai_index_bulk_latency_seconds_count[5m])), 1e-9)"))
                .containsExactly("gongkai_index_bulk_latency_seconds_count", "gongkai_index_docs_total");
        assertThat(PromQl.metricNames("up{job=\"gongkai\"} == 0")).isEmpty();
    }
}
