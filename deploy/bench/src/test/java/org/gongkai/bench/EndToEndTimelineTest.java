package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndToEndTimelineTest {

    @Test
    void aRowGivesCountersAsRatesOverTheIntervalAndLevelsAsSampledAtItsEnd() {
        Map<String, Double> a = sample(10, 100, 5, 1.0, 400);
        Map<String, Double> b = sample(12, 300, 9, 2.5, 700);

        Map<String, Double> row = EndToEndTimeline.row(a, b);

        assertThat(row).containsEntry("published", 300.0); // a level
        assertThat(row).containsEntry("bulk_requests_per_s", 2.0); // (9 - 5) / 2 s
        assertThat(row).containsEntry("cpu_es", 0.75); // cores: (2.5 - 1.0) / 2 s
        assertThat(row).containsEntry("poll_search_ms_per_s", 150.0);
    }

    @Test
    void externalRefreshesAreARateBesideAllRefreshes() {
        Map<String, Double> a = sample(10, 100, 5, 1.0, 400);
        a.put("refreshes", 40.0);
        a.put("external_refreshes", 30.0);
        Map<String, Double> b = sample(12, 300, 9, 2.5, 700);
        b.put("refreshes", 44.0);
        b.put("external_refreshes", 31.0);

        Map<String, Double> row = EndToEndTimeline.row(a, b);

        assertThat(row).containsEntry("refreshes_per_s", 2.0);
        assertThat(row).containsEntry("external_refreshes_per_s", 0.5); // only these make documents searchable
    }

    @Test
    void theTableHasOneColumnPerFigureAndLeavesMissedSamplesEmpty() {
        Map<String, Double> first = new LinkedHashMap<>(Map.of("t_s", 1.0));
        Map<String, Double> second = new LinkedHashMap<>(Map.of("t_s", 2.0, "index_lag", Double.NaN));

        String tsv = EndToEndTimeline.tsv(List.of(first, second));

        assertThat(tsv).isEqualTo("t_s\tindex_lag\n1.00\t\n2.00\t\n");
    }

    private static Map<String, Double> sample(double t, double published, double bulks, double esCpu, double pollMs) {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("t_s", t);
        s.put("published", published);
        s.put("bulk_requests", bulks);
        s.put("cpu_es", esCpu);
        s.put("poll_search_ms", pollMs);
        return s;
    }
}
