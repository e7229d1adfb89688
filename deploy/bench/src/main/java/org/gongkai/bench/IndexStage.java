package org.gongkai.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.gongkai.bench.Metric.Target;
import org.gongkai.local.Services.Service;

/**
 * Stage 3: index-service from {@code notices.enriched} into Elasticsearch, beside a raw {@code _bulk} loader of the
 * same documents with as many requests in flight as the service has consumers. Used by one thread.
 *
 * <p>Order, so that neither side gets a warmer node than the other: index-service replays the topic untimed into a
 * scratch index (Elasticsearch's JIT, the plugin's analyzers); the loader loads the scratch index's documents once;
 * the service's timed run; the loader again, with the documents the service wrote. The baseline is the two loader
 * runs together, so the node's warm-up still going on (its compiler threads are reported for both sides) is shared
 * out rather than left to whichever side ran first.
 */
final class IndexStage {

    /** Index version of the untimed warm-up replay (the loader's index is notices-v99). */
    static final int WARM_UP_INDEX_VERSION = 98;

    /** Documents a request of the raw loader. */
    static final int LOADER_BATCH = 500;

    private IndexStage() {}

    /** One run of the raw loader: the run, its requests' summed time, the node's write pool, the node's JIT. */
    private record LoaderRun(
            Baselines.Run run, double requestSeconds, WritePoolSampler.Figures writes, double esJitSeconds) {

        LoaderRun plus(LoaderRun other) {
            Baselines.Run a = run;
            Baselines.Run b = other.run;
            int samples = writes.samples() + other.writes.samples();
            WritePoolSampler.Figures w = samples == 0
                    ? writes
                    : new WritePoolSampler.Figures(
                            samples,
                            (writes.active() * writes.samples() + other.writes.active() * other.writes.samples())
                                    / samples,
                            (writes.queued() * writes.samples() + other.writes.queued() * other.writes.samples())
                                    / samples,
                            (writes.idleShare() * writes.samples() + other.writes.idleShare() * other.writes.samples())
                                    / samples);
            return new LoaderRun(
                    new Baselines.Run(
                            a.items() + b.items(),
                            a.wallSeconds() + b.wallSeconds(),
                            a.cpuSeconds() + b.cpuSeconds(),
                            a.serverCpuSeconds() + b.serverCpuSeconds()),
                    requestSeconds + other.requestSeconds,
                    w,
                    esJitSeconds + other.esJitSeconds);
        }
    }

    static void run(BenchRun run, long enriched) throws Exception {
        String scratch = warmUp(run, enriched);
        Elastic es = run.es;
        BenchRun.say("3. index: raw _bulk loader, first run (the warm-up's documents) …");
        LoaderRun before = loader(run, scratch);
        es.send("DELETE", "/" + scratch, null, null);
        BenchRun.say(
                "   " + before.run().items() + " documents in " + before.run().wallSeconds() + " s");
        BenchRun.say("3. index: index-service over " + enriched + " enriched notices …");
        ServiceProcess index = run.start(
                Service.INDEX,
                List.of("--spring.kafka.bootstrap-servers=" + run.kafka, "--spring.elasticsearch.uris=" + run.esUrl));
        double cpu0 = index.cpuSeconds();
        double jit0 = index.jitSeconds();
        double esJit0 = run.esJitSeconds();
        double[] servers0 = run.serversCpu();
        SteadyState steady = new SteadyState(enriched, run.options.warmUp());
        WritePoolSampler servicePool = new WritePoolSampler(es, 50);
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
        WritePoolSampler.Figures serviceWrites = servicePool.stop();
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
        BulkRequestFigures requests = BulkRequestFigures.scrape(index.port());
        es.send("POST", "/notices/_refresh", null, null);
        BenchRun.say("   " + last + " documents in " + wall + " s, index CPU " + cpu + " s (JIT " + jit
                + " s); raw _bulk loader, second run …");
        LoaderRun after = loader(run, "notices");
        LoaderRun loaders = before.plus(after);
        Baselines.Run bulk = loaders.run();
        requestMetrics(run, requests, wall, serviceWrites, loaders);
        run.metrics.add(Metric.of(
                "index.baseline_es_cpu_us",
                "index: Elasticsearch CPU per doc of the raw loader",
                bulk.serverCpuSeconds() / bulk.items() * 1e6,
                "µs"));
        run.metrics.add(Metric.of(
                "index.baseline_es_jit_cpu_us",
                "index: of Elasticsearch's during the loader's runs, its JIT compiler threads per doc",
                loaders.esJitSeconds() / bulk.items() * 1e6,
                "µs"));
        run.metrics.add(Metric.of("index.docs_per_s", "index: docs/s (wall)", last / wall, "docs/s")
                .withBaseline(bulk.perSecond()));
        run.metrics.add(
                Metric.of("index.docs_per_core_s", "index: docs/s per core of the service", last / cpu, "docs/s"));
        run.steadyMetrics("index", "doc", "docs/s", steady, bulk, Target.atLeastOfBaseline(0.9));
        loaderSpread(run, before.run(), after.run(), steady);
        run.notes.add(String.format(
                Locale.ROOT,
                "index: the raw loader ran twice, before the service's timed run (the warm-up's documents) and after"
                        + " it (the service's): %.0f and %.0f docs/s, Elasticsearch %.0f and %.0f µs CPU per doc (of"
                        + " it JIT %.0f and %.0f µs); the baseline is both together",
                before.run().perSecond(),
                after.run().perSecond(),
                before.run().serverCpuSeconds() / before.run().items() * 1e6,
                after.run().serverCpuSeconds() / after.run().items() * 1e6,
                before.esJitSeconds() / before.run().items() * 1e6,
                after.esJitSeconds() / after.run().items() * 1e6));
        run.notes.add("index: timed from the first to the last indexing operation seen in _stats (polled every 100"
                + " ms); baseline: the same documents read back with their versions, loaded by _bulk (" + LOADER_BATCH
                + " a request, external versions, filter_path=errors) with " + run.options.indexThreads()
                + " requests in flight into a fresh index of the same template, once before the service's timed run"
                + " and once after it; before both, index-service replays the topic once, untimed, into a scratch"
                + " index so that Elasticsearch is warm for both");
    }

    /**
     * The baseline's own noise: the loader's two runs apart, and their spread (difference ÷ mean). The judged ratio
     * stays the service's steady rate against both runs together; the note gives it against each run alone, so a
     * ratio near the target can be read against how much the baseline itself moved.
     */
    private static void loaderSpread(BenchRun run, Baselines.Run before, Baselines.Run after, SteadyState steady) {
        double a = before.perSecond();
        double b = after.perSecond();
        run.metrics.add(
                Metric.of("index.loader_before_docs_per_s", "index: raw loader, run before the service", a, "docs/s"));
        run.metrics.add(
                Metric.of("index.loader_after_docs_per_s", "index: raw loader, run after the service", b, "docs/s"));
        run.metrics.add(Metric.of(
                "index.loader_spread",
                "index: raw loader, its two runs' difference ÷ their mean",
                spreadPercent(a, b),
                "%"));
        SteadyState.Window w = steady.window();
        double service = w == null ? Double.NaN : w.perSecond();
        run.notes.add(String.format(
                Locale.ROOT,
                "index: the service's steady rate against each loader run alone: %.2f (before) and %.2f (after);"
                        + " the judged ratio is against both runs together",
                service / a,
                service / b));
    }

    /** How far two runs' rates are apart: their difference ÷ their mean, in per cent. */
    static double spreadPercent(double a, double b) {
        return Math.abs(a - b) / ((a + b) / 2) * 100;
    }

    /** One timed run of the raw loader from {@code source} into a fresh notices-v99 (deleted afterwards). */
    private static LoaderRun loader(BenchRun run, String source) throws Exception {
        LongAdder nanos = new LongAdder();
        double esJit0 = run.esJitSeconds();
        try (WritePoolSampler pool = new WritePoolSampler(run.es, 50)) {
            Baselines.Run bulk = Baselines.rawBulk(
                    run.es,
                    source,
                    "notices-v99",
                    run.options.indexThreads(),
                    LOADER_BATCH,
                    () -> run.serversCpu()[1],
                    nanos);
            WritePoolSampler.Figures writes = pool.stop();
            return new LoaderRun(bulk, nanos.sum() / 1e9, writes, run.esJitSeconds() - esJit0);
        }
    }

    /**
     * What each side sent and how many requests it kept outstanding: the service's {@code _bulk} requests from its
     * own metrics (over its whole stage), the loader's from its timing; and the node's view of both, its
     * {@code write} pool's busy threads plus queued requests, sampled every 50 ms (a bulk to the one shard is one
     * task).
     */
    private static void requestMetrics(
            BenchRun run,
            BulkRequestFigures service,
            double serviceWall,
            WritePoolSampler.Figures serviceWrites,
            LoaderRun loaders) {
        Baselines.Run loader = loaders.run();
        long loaderRequests = (loader.items() + LOADER_BATCH - 1) / LOADER_BATCH;
        run.metrics.add(Metric.of("index.requests", "index: _bulk requests", service.requests(), "requests")
                .withBaseline(loaderRequests / 2.0));
        run.metrics.add(
                Metric.of("index.docs_per_request", "index: documents a request", service.documentsPerRequest(), "docs")
                        .withBaseline((double) loader.items() / loaderRequests));
        run.metrics.add(Metric.of(
                "index.mb_per_request", "index: MB a request (the service's)", service.megabytesPerRequest(), "MB"));
        run.metrics.add(Metric.of(
                        "index.in_flight",
                        "index: requests in flight, mean (request time ÷ stage time)",
                        service.inFlight(serviceWall),
                        "requests")
                .withBaseline(loaders.requestSeconds() / loader.wallSeconds()));
        run.metrics.add(Metric.of(
                        "index.es_write_busy",
                        "index: Elasticsearch write pool, busy threads + queued requests (mean)",
                        serviceWrites.inFlight(),
                        "requests")
                .withBaseline(loaders.writes().inFlight()));
        run.metrics.add(Metric.of(
                        "index.es_write_idle",
                        "index: Elasticsearch write pool idle (share of samples)",
                        serviceWrites.idleShare() * 100,
                        "%")
                .withBaseline(loaders.writes().idleShare() * 100));
    }

    /**
     * Elasticsearch's warm-up (JIT of its indexing path and of the plugin's analyzers: in a run at load ~55 the first
     * 700 documents cost it 18 ms of CPU each, documents 1,300-5,000 7-8 ms, the loader's 6-7 ms) would otherwise
     * fall on the service's timed run alone. So index-service first replays the topic once, untimed, into a scratch
     * index (replay mode, a consumer group of its own); the loader's first run reads its documents, then it is
     * deleted. The timed run is a fresh instance (its own JIT counts against it).
     *
     * @return the scratch index
     */
    private static String warmUp(BenchRun run, long enriched) {
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
        run.es.send("POST", "/" + scratch + "/_refresh", null, null);
        BenchRun.say("   warm-up: " + last + " documents");
        return scratch;
    }
}
