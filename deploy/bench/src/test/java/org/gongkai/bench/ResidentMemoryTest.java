package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gongkai.bench.Metric.Target;
import org.junit.jupiter.api.Test;

class ResidentMemoryTest {

    @Test
    void theTargetIsJudgedInMegabytesWithTheMebibytesPrintedBesideIt() {
        // 397 MiB is 416.3 MB: under 400 in MiB, over the 400 MB
        List<Metric> rows = ResidentMemory.steadyState("enrich-service", 397 * ProcStats.MIB);

        assertThat(rows).extracting(Metric::name).containsExactly("enrich-service.rss_mb", "enrich-service.rss_mib");
        assertThat(rows.get(0).value()).isCloseTo(416.28, within(0.01));
        assertThat(rows.get(0).unit()).isEqualTo("MB");
        assertThat(rows.get(0).verdict()).isEqualTo("missed");
        assertThat(rows.get(1).value()).isEqualTo(397.0);
        assertThat(rows.get(1).verdict())
                .as("the MiB row is for reading, not judged")
                .isNull();
        assertThat(new Report("now", Map.of(), Map.of(), rows, List.of()).table())
                .contains("| enrich-service: RSS at steady state | 416 MB |  |  | ≤ 400 | missed |")
                .contains("| enrich-service: RSS at steady state, MiB | 397 MiB |  |  |  |  |");
    }

    @Test
    void exactlyFourHundredMegabytesIsMetAndOneByteMoreIsMissed() {
        assertThat(ResidentMemory.steadyState("index-service", 400e6).get(0).verdict())
                .isEqualTo("met");
        assertThat(ResidentMemory.steadyState("index-service", 400e6 + 1024)
                        .get(0)
                        .verdict())
                .isEqualTo("missed");
    }

    @Test
    void anOlderRunsRowJudgedInMebibytesIsReadAsMegabytesAndJudgedAgain() {
        // session 6's quiet run: index-service 405 MiB "missed", enrich-service 397 MiB "met" on MiB
        Report s6 = Report.parse("""
                {"startedAt":"s6","machine":{},"options":{},"notes":[],"metrics":[
                 {"name":"enrich-service.rss_mib","label":"enrich-service: RSS at steady state","value":397.0,
                  "unit":"MiB","target":{"atLeast":false,"limit":400.0,"ofBaseline":false},"verdict":"met"}]}
                """);

        assertThat(s6.metrics())
                .extracting(Metric::name, Metric::unit, Metric::verdict)
                .containsExactly(
                        tuple("enrich-service.rss_mb", "MB", "missed"), tuple("enrich-service.rss_mib", "MiB", null));
        assertThat(s6.metrics().get(0).value()).isCloseTo(416.28, within(0.01));
        assertThat(Report.read(Path.of("../../docs/benchmarks-2026-12-05-s5.json"))
                        .metrics())
                .as("a committed older run reads the same way")
                .extracting(Metric::name)
                .contains("ingest-service.rss_mb", "ingest-service.rss_mib")
                .doesNotHaveDuplicates();
    }

    @Test
    void anOlderRunComparesRowByRowWithANewOne() {
        Report older = Report.parse("""
                {"startedAt":"a","machine":{"loadAverage":1},"options":{},"notes":[],"metrics":[
                 {"name":"index-service.rss_mib","label":"index-service: RSS at steady state","value":405.0,
                  "unit":"MiB","target":{"atLeast":false,"limit":400.0,"ofBaseline":false}}]}
                """);
        Report now = new Report(
                "b",
                Map.of("loadAverage", 1),
                Map.of(),
                ResidentMemory.steadyState("index-service", 350 * ProcStats.MIB),
                List.of());

        assertThat(Comparison.compare(older, now))
                .contains("| index-service: RSS at steady state | 425 MB | 367 MB | 0.86 | missed → met |")
                .contains("| index-service: RSS at steady state, MiB | 405 MiB | 350 MiB | 0.86 | – → – |");
    }

    @Test
    void otherMetricsInMebibytesAreReadAsTheyAre() {
        Metric afterStage = Metric.of("index.rss_mib_after_index", "after", 389, "MiB");
        Metric unjudged = Metric.of("x.rss_mib", "x", 389, "MiB");
        Metric judgedElse = Metric.of("x.p99", "x", 389, "ms").withTarget(Target.atMost(400));

        assertThat(ResidentMemory.fromOlderRun(afterStage)).containsExactly(afterStage);
        assertThat(ResidentMemory.fromOlderRun(unjudged)).containsExactly(unjudged);
        assertThat(ResidentMemory.fromOlderRun(judgedElse)).containsExactly(judgedElse);
    }
}
