package org.gongkai.bench;

import java.time.Duration;
import java.util.List;
import org.gongkai.bench.Metric.Target;
import org.gongkai.local.Services.Service;

/**
 * Stage 2: enrich-service over the crawled records, beside a bare consumer reading the same records. Used by one
 * thread.
 */
final class EnrichStage {

    private EnrichStage() {}

    /** @return notices that reached {@code notices.enriched} */
    static long run(BenchRun run, long crawled) throws Exception {
        BenchRun.say("2. enrich: enrich-service over " + crawled + " raw notices …");
        try (TopicWatcher out = new TopicWatcher(
                run.kafka, PipelineBenchmark.ENRICHED, PipelineBenchmark.PARTITIONS, false, false, null)) {
            ServiceProcess enrich = run.start(Service.ENRICH, List.of("--spring.kafka.bootstrap-servers=" + run.kafka));
            double cpu0 = enrich.cpuSeconds();
            double jit0 = enrich.jitSeconds();
            double[] servers0 = run.serversCpu();
            SteadyState steady = new SteadyState(crawled, run.options.warmUp());
            long enriched = out.await(
                    crawled,
                    Duration.ofSeconds(60),
                    () -> steady.sample(out.count(), enrich.cpuSeconds(), enrich.jitSeconds(), out.lastTimestamp()));
            double cpu = enrich.cpuSeconds() - cpu0;
            double jit = enrich.jitSeconds() - jit0;
            double wall = out.spanSeconds();
            run.metrics.add(Metric.of("enrich.notices", "enrich: notices enriched", enriched, "notices"));
            run.cpuPerItem("enrich", "notice", enriched, cpu, jit, servers0);
            run.loads.add(ProcStats.loadAverage());
            run.metrics.add(Metric.of(
                    "enrich.rss_mib_after_enrich", "enrich-service RSS after the stage", enrich.rssMiB(), "MiB"));
            BenchRun.say("   " + enriched + " notices in " + wall + " s, enrich CPU " + cpu + " s (JIT " + jit
                    + " s); bare consumer baseline …");
            Baselines.Run consumer =
                    Baselines.bareConsumer(run.kafka, PipelineBenchmark.RAW, PipelineBenchmark.PARTITIONS, crawled);
            run.metrics.add(Metric.of("enrich.notices_per_s", "enrich: notices/s (wall)", enriched / wall, "notices/s")
                    .withBaseline(consumer.perSecond()));
            run.metrics.add(
                    Metric.of("enrich.notices_per_core_s", "enrich: notices/s per core", enriched / cpu, "notices/s")
                            .withBaseline(consumer.perCoreSecond()));
            run.steadyMetrics("enrich", "notice", "notices/s", steady, consumer, Target.atLeast(2000));
            if (enriched < crawled) {
                run.notes.add("enrich: " + enriched + " of " + crawled + " notices reached notices.enriched");
            }
            run.notes.add("enrich baseline: a bare consumer (bytes, read_committed, one thread) reading the same "
                    + crawled + " records of notices.raw; wall time of enrich = first to last enriched record's"
                    + " timestamp");
            return enriched;
        }
    }
}
