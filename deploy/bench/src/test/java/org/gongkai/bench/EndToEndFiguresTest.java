package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.gongkai.local.Services.Service;
import org.junit.jupiter.api.Test;

class EndToEndFiguresTest {

    private static final Latencies.Legs LEGS =
            new Latencies.Legs(List.of(900L, 1_500L, 31_000L), List.of(300L, 1_200L), List.of(600L, 300L));
    private static final Map<Service, Double> CORES =
            Map.of(Service.INGEST, 0.95, Service.ENRICH, 0.7, Service.INDEX, 0.1);

    @Test
    void aMissSaysWhichStageHoldsTheNoticesAndHowLongEachLegTook() {
        EndToEndFigures figures = new EndToEndFigures(200, 40, 6000, 198, LEGS, new Latencies.Held(1, 0), CORES, 3.0);

        assertThat(value(figures, "e2e.enrich_leg_p99_ms")).isEqualTo(1_200);
        assertThat(value(figures, "e2e.index_leg_p99_ms")).isEqualTo(600);
        assertThat(value(figures, "e2e.p99_ms")).isEqualTo(31_000);
        assertThat(metric(figures, "e2e.p99_ms").verdict()).isEqualTo("missed");
        assertThat(value(figures, "e2e.held_in_enrich")).isEqualTo(1);
        assertThat(value(figures, "e2e.held_in_index")).isZero();
        assertThat(figures.notes()).anyMatch(n -> n.contains("1 not yet enriched, 0 enriched but not searchable"));
    }

    @Test
    void anOfferedRateBelowNinetyPerCentOfTheAskedOneIsExplainedByTheCrawlersCpu() {
        EndToEndFigures shortOf = new EndToEndFigures(200, 40, 6000, 150, LEGS, new Latencies.Held(0, 0), CORES, 9.5);
        EndToEndFigures reached = new EndToEndFigures(200, 40, 6000, 185, LEGS, new Latencies.Held(0, 0), CORES, 2.0);

        assertThat(metric(shortOf, "e2e.offered_per_s").ratio()).isEqualTo(0.75);
        assertThat(shortOf.notes())
                .anyMatch(n -> n.contains("offered 150 of the 200 notices/s") && n.contains("used 0.95 cores"));
        assertThat(reached.notes()).noneMatch(n -> n.contains("offered"));
        assertThat(reached.notes()).noneMatch(n -> n.contains("not searchable 30 s"));
    }

    @Test
    void theWarmUpRowsStandBesideTheJudgedOnesWithoutAVerdict() {
        Latencies.Legs steady = new Latencies.Legs(List.of(800L, 1_000L), List.of(), List.of());
        EndToEndFigures figures =
                new EndToEndFigures(200, 40, 6000, 198, LEGS, new Latencies.Held(0, 0), CORES, 3.0, steady, 0.2);
        EndToEndFigures without = new EndToEndFigures(200, 40, 6000, 198, LEGS, new Latencies.Held(0, 0), CORES, 3.0);

        assertThat(value(figures, "e2e.p99_ms_steady")).isEqualTo(1_000);
        assertThat(metric(figures, "e2e.p99_ms_steady").verdict()).isNull();
        assertThat(metric(figures, "e2e.p99_ms_steady").label()).contains("after the first 20 %");
        assertThat(metric(figures, "e2e.p99_ms").verdict()).isEqualTo("missed"); // the untrimmed figure stays judged
        assertThat(without.metrics()).noneMatch(m -> m.name().endsWith("_steady"));
    }

    private static Metric metric(EndToEndFigures figures, String name) {
        return figures.metrics().stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static double value(EndToEndFigures figures, String name) {
        return metric(figures, name).value();
    }
}
