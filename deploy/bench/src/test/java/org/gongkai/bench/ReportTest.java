package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gongkai.bench.Metric.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static Report report(double crawlPerCore, double indexRate, double p99) {
        return new Report(
                "2026-12-04T22:00:00Z",
                Map.of("cores", 2, "loadAverage", Map.of("before", 3.5)),
                Map.of("notices", 5000),
                List.of(
                        Metric.of("crawl.pages_per_core_s", "crawl: pages/s per core", crawlPerCore, "pages/s")
                                .withBaseline(750)
                                .withTarget(Target.atLeast(500)),
                        Metric.of("index.docs_per_s", "index: docs/s", indexRate, "docs/s")
                                .withBaseline(1000)
                                .withTarget(Target.atLeastOfBaseline(0.9)),
                        Metric.of("e2e.p99_ms", "p99", p99, "ms").withTarget(Target.atMost(2000))),
                List.of("a note"));
    }

    @Test
    void aTargetOnTheValueIsJudgedOnTheValueAndATargetOnTheBaselineOnTheRatio() {
        Report r = report(450, 950, 2000);

        assertThat(r.metrics().get(0).verdict()).isEqualTo("missed");
        assertThat(r.metrics().get(0).ratio()).isEqualTo(0.6);
        assertThat(r.metrics().get(1).verdict()).isEqualTo("met"); // 950 / 1000 ≥ 0.9
        assertThat(r.metrics().get(2).verdict()).isEqualTo("met"); // ≤ 2000 holds at 2000
        assertThat(report(500, 899, 2001).metrics())
                .extracting(Metric::verdict)
                .containsExactly("met", "missed", "missed");
    }

    @Test
    void aMissingFigureHasNoRatioAndNoVerdict() {
        Metric m = Metric.of("x", "x", Double.NaN, "ms").withBaseline(10).withTarget(Target.atMost(1));

        assertThat(m.ratio()).isNull();
        assertThat(m.verdict()).isNull();
    }

    @Test
    void aReportReadsBackAsWrittenWithRatiosAndVerdictsInTheFile(@TempDir Path dir) {
        Report written = report(450, 950, Double.NaN);
        Path file = dir.resolve("run.json");

        written.write(file);
        Report read = Report.read(file);

        assertThat(read.metrics()).hasSize(3);
        assertThat(read.metrics().get(0)).isEqualTo(written.metrics().get(0));
        assertThat(read.metrics().get(1)).isEqualTo(written.metrics().get(1));
        assertThat(read.metrics().get(2).value()).isNaN();
        assertThat(read.notes()).containsExactly("a note");
        assertThat(read.machine()).containsEntry("cores", 2);
        assertThat(written.toJson())
                .contains("\"ratio\" : 0.6")
                .contains("\"verdict\" : \"missed\"")
                .contains("\"value\" : null");
    }

    @Test
    void theTableShowsFigureBaselineRatioTargetAndVerdict() {
        String table = report(450, 950, 1500).table();

        assertThat(table).contains("| crawl: pages/s per core | 450 pages/s | 750 pages/s | 0.60 | ≥ 500 | missed |");
        assertThat(table).contains("| index: docs/s | 950 docs/s | 1,000 docs/s | 0.95 | ≥ 0.90 × baseline | met |");
        assertThat(table).contains("| p99 | 1,500 ms |  |  | ≤ 2,000 | met |");
    }
}
