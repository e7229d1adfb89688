package org.gongkai.bench;

import java.time.Duration;
import java.util.List;
import org.gongkai.bench.Metric.Target;
import org.gongkai.local.Services.Service;

/**
 * Stage 3: index-service from {@code notices.enriched} into Elasticsearch, beside a raw {@code _bulk} loader of the
 * same documents with as many requests in flight as the service has consumers. Used by one thread.
 */
final class IndexStage {

    /** Index version of the untimed warm-up replay (the loader's index is notices-v99). */
    static final int WARM_UP_INDEX_VERSION = 98;

    private IndexStage() {}

    static void run(BenchRun run, long enriched) throws Exception {
        warmUp(run, enriched);
        Elastic es = run.es;
        BenchRun.say("3. index: index-service over " + enriched + " enriched notices …");
        ServiceProcess index = run.start(
                Service.INDEX,
                List.of("--spring.kafka.bootstrap-servers=" + run.kafka, "--spring.elasticsearch.uris=" + run.esUrl));
        double cpu0 = index.cpuSeconds();
        double jit0 = index.jitSeconds();
        double esJit0 = run.esJitSeconds();
        double[] servers0 = run.serversCpu();
        SteadyState steady = new SteadyState(enriched, run.options.warmUp());
        long first = 0;
        long done;
        long idleSince = System.nanoTime();
        long last = -1;
        while (true) {
            long total = es.indexTotal("notices");
            long now = System.nanoTime();
            steady.sample(total, index.cpuSeconds(), index.jitSeconds(), System.currentTimeMillis());
            if (total > 0 && first == 0) {
                first = now;
            }
            if (total != last) {
                last = total;
                idleSince = now;
            }
            if (total >= enriched || now - idleSince > Duration.ofSeconds(60).toNanos()) {
                done = now;
                break;
            }
            ServiceProcess.pause(100);
        }
        double cpu = index.cpuSeconds() - cpu0;
        double jit = index.jitSeconds() - jit0;
        double esJit = run.esJitSeconds() - esJit0;
        double wall = (done - first) / 1e9;
        run.metrics.add(Metric.of("index.docs", "index: documents written", last, "docs"));
        run.cpuPerItem("index", "doc", last, cpu, jit, servers0);
        run.metrics.add(Metric.of(
                "index.es_jit_cpu_us",
                "index: of Elasticsearch's, its JIT compiler threads per doc",
                esJit / last * 1e6,
                "µs"));
        run.loads.add(ProcStats.loadAverage());
        run.metrics.add(
                Metric.of("index.rss_mib_after_index", "index-service RSS after the stage", index.rssMiB(), "MiB"));
        es.send("POST", "/notices/_refresh", null, null);
        BenchRun.say("   " + last + " documents in " + wall + " s, index CPU " + cpu + " s (JIT " + jit
                + " s); raw _bulk baseline …");
        Baselines.Run bulk = Baselines.rawBulk(
                es, "notices", "notices-v99", run.options.indexThreads(), 500, () -> run.serversCpu()[1]);
        run.metrics.add(Metric.of(
                "index.baseline_es_cpu_us",
                "index: Elasticsearch CPU per doc of the raw loader",
                bulk.serverCpuSeconds() / bulk.items() * 1e6,
                "µs"));
        run.metrics.add(Metric.of("index.docs_per_s", "index: docs/s (wall)", last / wall, "docs/s")
                .withBaseline(bulk.perSecond()));
        run.metrics.add(
                Metric.of("index.docs_per_core_s", "index: docs/s per core of the service", last / cpu, "docs/s"));
        run.steadyMetrics("index", "doc", "docs/s", steady, bulk, Target.atLeastOfBaseline(0.9));
        run.notes.add("index: timed from the first to the last indexing operation seen in _stats (polled every 100"
                + " ms); baseline: the same documents read back with their versions, loaded by _bulk (500 a request,"
                + " external versions, filter_path=errors) with " + run.options.indexThreads()
                + " requests in flight into a fresh index of the same template; before the timed run, index-service"
                + " replays the topic once, untimed, into a scratch index so that Elasticsearch is warm for both");
    }

    /**
     * Elasticsearch's warm-up (JIT of its indexing path and of the plugin's analyzers: in a run at load ~55 the first
     * 700 documents cost it 18 ms of CPU each, documents 1,300-5,000 7-8 ms, the loader's 6-7 ms) would otherwise
     * fall on the service's timed run alone, the loader coming after it on a warm node. So index-service first
     * replays the topic once, untimed, into a scratch index (replay mode, a consumer group of its own), which is then
     * deleted; the timed run is a fresh instance (its own JIT counts against it).
     */
    private static void warmUp(BenchRun run, long enriched) {
        String scratch = "notices-v" + WARM_UP_INDEX_VERSION;
        BenchRun.say("3. index: warming Elasticsearch up: index-service replays the topic into " + scratch
                + " (not timed) …");
        run.start(
                Service.INDEX,
                List.of(
                        "--spring.kafka.bootstrap-servers=" + run.kafka,
                        "--spring.elasticsearch.uris=" + run.esUrl,
                        "--gongkai.index.mode=replay",
                        "--gongkai.index.index-version=" + WARM_UP_INDEX_VERSION,
                        "--spring.kafka.consumer.group-id=bench-index-warm-up"));
        long idleSince = System.nanoTime();
        long last = -1;
        while (true) {
            long total = run.es.indexTotal(scratch);
            if (total != last) {
                last = total;
                idleSince = System.nanoTime();
            }
            if (total >= enriched
                    || System.nanoTime() - idleSince > Duration.ofSeconds(60).toNanos()) {
                break;
            }
            ServiceProcess.pause(200);
        }
        run.stop(Service.INDEX);
        run.es.send("DELETE", "/" + scratch, null, null);
        BenchRun.say("   warm-up: " + last + " documents");
    }
}
