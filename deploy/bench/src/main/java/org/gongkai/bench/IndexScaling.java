package org.gongkai.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gongkai.servers.LocalElasticsearch;
import tools.jackson.databind.JsonNode;

/**
 * How the index's cost grows with its size ({@code deploy/bench/run --index-scaling}, docs/benchmarks.md "How cost
 * grows with size"): the harness's enriched documents ({@link NoticeDocuments}, the pipeline corpus's notices) loaded
 * into one index of the product's template ({@code index-service/src/main/resources/elasticsearch/notices-template.json},
 * the index {@code notices-v1} behind the aliases {@code notices} and {@code notices-write}) by a raw {@code _bulk}
 * loader as index-service sends (500 documents a request, external versions, through the write alias, 3 requests in
 * flight), in steps up to each size (10,000, then on to 100,000). At each size: docs/s of the step, Elasticsearch's
 * CPU per document of the step (its whole process tree, from the first request until its merges are done; of it,
 * its JIT compiler threads), the store on disk per document, the segment count, and the latency (client side,
 * p50/p95) of the portal's typical searches through the read alias ({@link PortalQueries}). Before the first step
 * the first 2,000 documents are loaded once into a scratch index, deleted then, so that the first step does not
 * carry Elasticsearch's JIT warm-up alone. Single-threaded apart from the loader's requests.
 */
final class IndexScaling {

    private static final int WARM_UP_DOCS = 2_000;

    private IndexScaling() {}

    static void main(Path repo, String... args) throws Exception {
        BenchRun.runAndReport(
                repo,
                "scaling",
                args,
                IndexScalingOptions::parse,
                IndexScalingOptions::out,
                (options, work) -> run(repo, options, work));
    }

    private static Report run(Path repo, IndexScalingOptions options, Path work) throws Exception {
        String startedAt = Instant.now().toString();
        long t0 = System.nanoTime();
        double loadBefore = ProcStats.loadAverage();
        List<Double> loads = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int max = options.sizes().get(options.sizes().size() - 1);
        NoticeDocuments generator = new NoticeDocuments(Corpus.fromRealNotices(options.realNotices()));
        BenchRun.say("index scaling: up to " + max + " documents (seed " + options.seed() + "); starting"
                + " Elasticsearch …");
        {
            LocalElasticsearch node = LocalElasticsearch.start(
                    LocalElasticsearch.defaultZip(),
                    work.resolve("es"),
                    0,
                    "512m",
                    List.of(repo.resolve("analysis-plugin/target/gongkai-analysis.zip")));
            // a run stopped by a signal (ctrl-C) stops its node too; stop() twice is harmless
            Thread stopNode = new Thread(node::stop, "stop-elasticsearch");
            Runtime.getRuntime().addShutdownHook(stopNode);
            try {
                Elastic es = new Elastic(node.url());
                JitMeter esJit = new JitMeter(node.pid(), true);
                String template = Files.readString(
                        repo.resolve("index-service/src/main/resources/elasticsearch/notices-template.json"));
                BulkLoader.check(es.send("PUT", "/_index_template/notices-template", template, "application/json"));
                try (BulkFile warm = documents(generator, options, work, 0, Math.min(WARM_UP_DOCS, max))) {
                    warmUp(es, warm, options.threads());
                }
                BulkLoader.check(es.send(
                        "PUT",
                        "/notices-v1",
                        "{\"aliases\":{\"notices\":{},\"notices-write\":{\"is_write_index\":true}}}",
                        "application/json"));
                notes.add(
                        "index scaling: " + max + " synthetic enriched documents made of real notice text (the pipeline"
                                + " corpus's notices, seed " + options.seed() + ") loaded by a raw _bulk loader ("
                                + options.batch() + " a request,"
                                + " external versions, through notices-write, " + options.threads()
                                + " requests in flight) into"
                                + " one index of the product's template (1 shard, 0 replicas, refresh_interval 1 s), Elasticsearch"
                                + " 8.19 with the analysis plugin, 512 MB heap; after a warm-up load of " + WARM_UP_DOCS
                                + " documents into a scratch index");
                notes.add(
                        "index scaling: searches are the portal's requests (docs/portal-queries), " + options.queries()
                                + " timed runs of each kind after 10 untimed, one at a time, request_cache=false, client-side time"
                                + " (JDK HTTP client on loopback) through the read alias notices");
                PortalQueries queries = new PortalQueries(repo);
                int loaded = 0;
                for (int size : options.sizes()) {
                    try (BulkFile bulk = documents(generator, options, work, loaded, size)) {
                        int docs = size - loaded;
                        BenchRun.say("   loading documents " + (loaded + 1) + "–" + size + " (" + bulk.bytes() / 1048576
                                + " MiB of _bulk bodies) …");
                        double cpu0 = ProcStats.treeCpuSeconds(node.pid());
                        double jit0 = esJit.cpuSeconds();
                        long l0 = System.nanoTime();
                        BulkLoader.load(es, bulk, 0, bulk.requests(), options.threads());
                        double seconds = (System.nanoTime() - l0) / 1e9;
                        BulkLoader.check(es.send("POST", "/notices/_refresh", null, null));
                        BulkLoader.check(es.send("POST", "/notices/_flush", null, null));
                        BulkLoader.awaitMerges(es);
                        double cpu = ProcStats.treeCpuSeconds(node.pid()) - cpu0;
                        double jit = esJit.cpuSeconds() - jit0;
                        loaded += docs;
                        loads.add(ProcStats.loadAverage());
                        JsonNode stats = es.json("GET", "/notices/_stats/docs,store,segments", null)
                                .path("_all")
                                .path("primaries");
                        long storeBytes =
                                stats.path("store").path("size_in_bytes").asLong();
                        long segments = stats.path("segments").path("count").asLong();
                        long count = stats.path("docs").path("count").asLong();
                        BenchRun.say("   " + count + " documents: " + docs + " in " + seconds + " s; searching …");
                        List<PortalQueries.Timed> timed = queries.run(es, "notices", 10, options.queries());
                        String at = String.format(Locale.ROOT, "%,d", size);
                        String p = "index_scaling." + size + ".";
                        metrics.add(
                                Metric.of(p + "docs", "index at " + at + ": documents in the index", count, "docs"));
                        metrics.add(Metric.of(
                                p + "docs_per_s",
                                "index at " + at + ": docs/s of the step (" + docs + " docs, " + options.threads()
                                        + " requests in flight)",
                                docs / seconds,
                                "docs/s"));
                        metrics.add(Metric.of(
                                p + "es_cpu_us",
                                "index at " + at + ": Elasticsearch CPU per doc of the step (load, refresh, merges)",
                                cpu / docs * 1e6,
                                "µs"));
                        metrics.add(Metric.of(
                                p + "es_jit_cpu_us",
                                "index at " + at + ": of it, its JIT compiler threads per doc",
                                jit / docs * 1e6,
                                "µs"));
                        metrics.add(Metric.of(
                                p + "store_bytes_per_doc",
                                "index at " + at + ": store on disk per doc (flushed, merges done)",
                                (double) storeBytes / count,
                                "bytes"));
                        metrics.add(Metric.of(
                                p + "store_mib", "index at " + at + ": store on disk", storeBytes / 1048576.0, "MiB"));
                        metrics.add(Metric.of(
                                p + "bulk_bytes_per_doc",
                                "index at " + at + ": _bulk body per doc of the step (action line and source)",
                                (double) bulk.bytes() / docs,
                                "bytes"));
                        metrics.add(Metric.of(p + "segments", "index at " + at + ": segments", segments, "segments"));
                        for (PortalQueries.Timed t : timed) {
                            for (int pct : new int[] {50, 95}) {
                                metrics.add(Metric.of(
                                        p + "search." + t.kind() + ".p" + pct + "_ms",
                                        "index at " + at + ": search p" + pct + ", " + t.label(),
                                        Latencies.percentile(t.micros(), pct) / 1000.0,
                                        "ms"));
                            }
                            metrics.add(Metric.of(
                                    p + "search." + t.kind() + ".hits",
                                    "index at " + at + ": hits (mean), " + t.label(),
                                    t.hits(),
                                    "hits"));
                        }
                        // each size as it is done: a long run stopped later keeps the sizes it measured
                        new Report(
                                        startedAt,
                                        Map.of("loadAverage", Map.of("before", loadBefore, "steps", loads)),
                                        Map.of(),
                                        metrics,
                                        notes)
                                .write(options.out());
                        System.out.println(new Report(startedAt, Map.of(), Map.of(), metrics, List.of()).table());
                    }
                }
            } finally {
                node.stop();
                PipelineBenchmark.deleteTree(work.resolve("es"));
            }
        }
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("loadAverage", Map.of("before", loadBefore, "stages", loads, "after", ProcStats.loadAverage()));
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("shared", "the machine is shared with other builds: read every time beside the load average");
        machine.put("runMinutes", Math.round((System.nanoTime() - t0) / 6e9) / 10.0);
        Map<String, Object> asMap = new LinkedHashMap<>();
        asMap.put("mode", "index-scaling");
        asMap.put("sizes", options.sizes());
        asMap.put("seed", options.seed());
        asMap.put("threads", options.threads());
        asMap.put("batch", options.batch());
        asMap.put("queries", options.queries());
        return new Report(startedAt, machine, asMap, metrics, notes);
    }

    /**
     * Documents {@code [from, to)} of the corpus as {@code _bulk} requests on disk (the corpus is dealt from its start
     * every time, so that document {@code i} is the same whatever the steps).
     */
    private static BulkFile documents(
            NoticeDocuments generator, IndexScalingOptions options, Path work, int from, int to) throws IOException {
        BulkFile bulk = new BulkFile(work.resolve("bulk-" + from + "-" + to + ".ndjson"), options.batch());
        int[] dealt = {0};
        generator.generate("/gkml", to, options.sites(), options.seed(), d -> {
            if (dealt[0]++ >= from) {
                try {
                    bulk.add(d);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        bulk.finish();
        return bulk;
    }

    /** The first {@value #WARM_UP_DOCS} documents into a scratch index of the same template, then deleted. */
    private static void warmUp(Elastic es, BulkFile bulk, int threads) throws Exception {
        BenchRun.say("   warm-up: " + WARM_UP_DOCS + " documents into notices-v98 (not timed) …");
        BulkLoader.check(es.send(
                "PUT",
                "/notices-v98",
                "{\"aliases\":{\"notices-write\":{\"is_write_index\":true}}}",
                "application/json"));
        int to = 0;
        for (int docs = 0; to < bulk.requests() && docs < WARM_UP_DOCS; to++) {
            docs += bulk.documents(to);
        }
        BulkLoader.load(es, bulk, 0, to, threads);
        BulkLoader.check(es.send("DELETE", "/notices-v98", null, null));
    }
}
