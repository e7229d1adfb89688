package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.gongkai.bench.Metric.Target;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static Report run(String at, Metric... metrics) {
        return new Report(at, Map.of("loadAverage", 2.0), Map.of(), List.of(metrics), List.of());
    }

    @Test
    void metricsAreMatchedByNameAndTheChangeIsBOverA() {
        Report a = run("a", Metric.of("enrich.rate", "enrich", 1000, "n/s"), Metric.of("old", "old", 5, "s"));
        Report b = run("b", Metric.of("new", "new", 7, "s"), Metric.of("enrich.rate", "enrich", 1500, "n/s"));

        List<Comparison.Row> rows = Comparison.rows(a, b);

        assertThat(rows).extracting(Comparison.Row::name).containsExactly("enrich.rate", "old", "new");
        assertThat(rows.get(0).change()).isEqualTo(1.5);
        assertThat(rows.get(1).b()).isNull();
        assertThat(rows.get(1).change()).isNull();
        assertThat(rows.get(2).a()).isNull();
    }

    @Test
    void theComparisonShowsBothFiguresTheChangeAndTheVerdicts() {
        Metric.Target target = Target.atMost(400);
        Report a = run("a", Metric.of("rss", "RSS", 420, "MiB").withTarget(target));
        Report b = run("b", Metric.of("rss", "RSS", 378, "MiB").withTarget(target));

        assertThat(Comparison.compare(a, b)).contains("| RSS | 420 MiB | 378 MiB | 0.90 | missed → met |");
    }

    @Test
    void aMissingFigureOnEitherSideGivesNoChange() {
        Report a = run("a", Metric.of("p99", "p99", Double.NaN, "ms"));
        Report b = run("b", Metric.of("p99", "p99", 900, "ms"));

        assertThat(Comparison.rows(a, b).get(0).change()).isNull();
        assertThat(Comparison.compare(a, b)).contains("| p99 | – ms | 900 ms |  | – → – |");
    }

    @Test
    void aCommittedReportWithoutTheJitRowsComparesWithARunThatHasThem() {
        // session 5's quiet run, kept beside the latest: written before the JIT rows existed
        Report committed = Report.read(java.nio.file.Path.of("../../docs/benchmarks-2026-12-05-s5.json"));
        Metric enrich = committed.metrics().stream()
                .filter(m -> m.name().equals("enrich.notices_per_core_s_steady"))
                .findFirst()
                .orElseThrow();
        Report now = run(
                "now",
                Metric.of(enrich.name(), enrich.label(), enrich.value() * 2, enrich.unit())
                        .withTarget(enrich.target()),
                Metric.of("enrich.service_jit_share_steady", "enrich: JIT share", 20, "%"));

        List<Comparison.Row> rows = Comparison.rows(committed, now);
        assertThat(Report.read(java.nio.file.Path.of("../../docs/benchmarks.json"))
                        .metrics())
                .as("the latest committed run has them")
                .extracting(Metric::name)
                .contains("enrich.service_jit_share_steady");

        assertThat(rows)
                .filteredOn(r -> r.name().equals(enrich.name()))
                .singleElement()
                .satisfies(r -> assertThat(r.change()).isEqualTo(2.0));
        assertThat(rows)
                .filteredOn(r -> r.name().equals("enrich.service_jit_share_steady"))
                .singleElement()
                .satisfies(r -> assertThat(r.a()).isNull());
    }
}
