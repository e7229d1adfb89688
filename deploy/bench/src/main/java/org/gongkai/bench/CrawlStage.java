package org.gongkai.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gongkai.bench.Metric.Target;
import org.gongkai.local.Services.Service;

/**
 * Stage 1: ingest-service crawls the corpus with politeness off, beside a raw producer sending the crawled records'
 * bytes. The service is started here with the whole run's site list and stays up until the end of the end-to-end
 * stage (a deployed crawler runs continuously); the harness asks it to crawl this stage's sites only. Used by one
 * thread.
 */
final class CrawlStage {

    private CrawlStage() {}

    /** @return pages published to {@code notices.raw} */
    /**
     * @param sitesFile the whole run's site list ({@link BenchRun#sitesFile})
     * @param siteIds   this stage's sites in it
     */
    static long run(BenchRun run, Path sitesFile, List<String> siteIds) throws Exception {
        BenchOptions options = run.options;
        BenchRun.say("1. crawl: ingest-service over " + options.notices() + " pages, politeness off …");
        try (TopicWatcher raw =
                new TopicWatcher(run.kafka, PipelineBenchmark.RAW, PipelineBenchmark.PARTITIONS, false, true, null)) {
            List<String> args = new ArrayList<>(List.of(
                    "--spring.kafka.bootstrap-servers=" + run.kafka,
                    "--spring.config.import=file:" + sitesFile,
                    "--gongkai.ingest.politeness.min-delay=0s"));
            args.addAll(IngestCrawls.SCHEDULE_ARGS);
            ServiceProcess ingest = run.start(Service.INGEST, args, run.crawls.environment());
            double cpu0 = ingest.cpuSeconds();
            double jit0 = ingest.jitSeconds();
            double[] servers0 = run.serversCpu();
            double requests = run.crawls.crawlNow(ingest, siteIds);
            SteadyState steady = new SteadyState(options.notices(), options.warmUp());
            long crawled = raw.await(
                    options.notices(),
                    Duration.ofSeconds(60),
                    () -> steady.sample(raw.count(), ingest.cpuSeconds(), ingest.jitSeconds(), raw.lastTimestamp()));
            // the harness's crawl requests (password checks) are not the crawler's work
            double cpu = ingest.cpuSeconds() - cpu0 - requests;
            double jit = ingest.jitSeconds() - jit0;
            double wall = raw.spanSeconds();
            run.metrics.add(Metric.of("crawl.pages", "crawl: pages published", crawled, "pages"));
            run.cpuPerItem("crawl", "page", crawled, cpu, jit, servers0);
            run.loads.add(ProcStats.loadAverage());
            run.metrics.add(Metric.of(
                    "ingest.rss_mib_after_crawl", "ingest-service RSS after the crawl", ingest.rssMiB(), "MiB"));
            List<TopicWatcher.Kept> records = raw.kept();
            if (crawled < options.notices()) {
                run.notes.add("crawl: " + crawled + " of " + options.notices() + " pages published (stopped after"
                        + " 60 s without progress); see " + run.work.resolve("logs/ingest-service.log"));
            }
            BenchRun.say("   " + crawled + " pages in " + wall + " s, ingest CPU " + cpu + " s (JIT " + jit
                    + " s); raw producer baseline …");
            Baselines.Run producer = Baselines.rawProducer(run.kafka, "bench.raw-baseline", records, options.sites());
            run.metrics.add(Metric.of("crawl.pages_per_s", "crawl: pages/s (wall)", crawled / wall, "pages/s")
                    .withBaseline(producer.perSecond()));
            run.metrics.add(Metric.of("crawl.pages_per_core_s", "crawl: pages/s per core", crawled / cpu, "pages/s")
                    .withBaseline(producer.perCoreSecond()));
            run.steadyMetrics("crawl", "page", "pages/s", steady, producer, Target.atLeast(500));
            run.notes.add(String.format(
                    java.util.Locale.ROOT,
                    "crawl: the service's CPU leaves out the %.2f s its HTTP threads spent answering the harness's %d"
                            + " crawl requests (POST /actuator/crawl/{site}, the operator's password checked with"
                            + " bcrypt each time)",
                    requests,
                    siteIds.size()));
            run.notes.add("crawl baseline: a raw producer sending the crawled records' bytes (acks=all, idempotent,"
                    + " each acknowledgement awaited as the crawler does) from " + options.sites()
                    + " threads (one per site); per core = records ÷ CPU seconds of the process (service: all its"
                    + " threads incl. GC and JIT; the corpus server runs in the harness, not counted)");
            return crawled;
        }
    }
}
