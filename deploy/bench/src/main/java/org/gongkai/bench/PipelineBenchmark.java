package org.gongkai.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.gongkai.bench.Metric.Target;
import org.gongkai.local.JvmOptions;
import org.gongkai.local.Services.Service;
import org.gongkai.servers.LocalElasticsearch;
import org.gongkai.servers.LocalKafka;

/**
 * The whole pipeline in one run (see {@code docs/benchmarks.md}): Kafka and Elasticsearch from Maven artifacts,
 * the corpus on loopback, the service jars as processes, each stage beside its baseline, then the end-to-end
 * latency at a fixed offered rate, then the table and the JSON report. Stages run one after the other so that each
 * has the machine to itself (with Kafka and Elasticsearch): crawl (ingest alone), enrich (over the crawled
 * records), index (over the enriched ones), end to end (all three). Usage: {@code deploy/bench/run [options]}
 * ({@link BenchOptions}).
 */
public final class PipelineBenchmark {

    static final String RAW = "notices.raw";
    static final String ENRICHED = "notices.enriched";
    static final int PARTITIONS = 6;
    /** Index version of the index stage's untimed warm-up replay (the loader's index is notices-v99). */
    static final int WARM_UP_INDEX_VERSION = 98;

    private final Path repo;
    private final BenchOptions options;
    private final Path work;
    private final List<Metric> metrics = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<Service, ServiceProcess> running = new LinkedHashMap<>();
    private long kafkaPid;
    private long esPid;

    private PipelineBenchmark(Path repo, BenchOptions options, Path work) {
        this.repo = repo;
        this.options = options;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("gongkai.repo", "."))
                .toAbsolutePath()
                .normalize();
        BenchOptions options;
        try {
            options = BenchOptions.parse(repo, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path work = repo.resolve("deploy/bench/target/run-" + System.currentTimeMillis());
        Files.createDirectories(work);
        Report report = new PipelineBenchmark(repo, options, work).run();
        report.write(options.out());
        System.out.println();
        System.out.println(report.table());
        report.notes().forEach(n -> System.out.println("- " + n));
        System.out.println("\nJSON: " + options.out());
        System.exit(0);
    }

    Report run() throws Exception {
        String startedAt = Instant.now().toString();
        double loadBefore = ProcStats.loadAverage();
        say("corpus: " + options.notices() + " notices on " + options.sites() + " sites (seed " + options.seed() + ")");
        Corpus corpus = Corpus.fromRealNotices(options.realNotices());
        List<Corpus.Site> sites = corpus.generate("/gkml", options.notices(), options.sites(), options.seed());
        int e2eCount = options.e2eRate() * options.e2eSeconds();
        List<Corpus.Site> e2eSites = corpus.generate("/e2e", e2eCount, options.e2eSites(), options.seed() + 1);
        List<Double> loads = new ArrayList<>();
        try (CorpusServer server = CorpusServer.start(sites, 1);
                CorpusServer e2eServer = CorpusServer.start(e2eSites, 1 + options.sites())) {
            say("starting Kafka and Elasticsearch …");
            LocalKafka kafka = LocalKafka.start(work.resolve("kafka"), 0, System.getProperty("java.class.path"));
            LocalElasticsearch es = LocalElasticsearch.start(
                    LocalElasticsearch.defaultZip(),
                    work.resolve("es"),
                    0,
                    "512m",
                    List.of(repo.resolve("analysis-plugin/target/gongkai-analysis.zip")));
            kafkaPid = kafka.pid();
            esPid = es.pid();
            try {
                createTopics(kafka.bootstrapServers());
                Elastic elastic = new Elastic(es.url());
                Path sitesFile = sitesFile("sites.yml", server, sites, Duration.ZERO);
                long crawled = crawl(kafka.bootstrapServers(), sitesFile, loads);
                long enriched = enrich(kafka.bootstrapServers(), crawled, loads);
                index(kafka.bootstrapServers(), elastic, es.url(), enriched, loads);
                endToEnd(kafka.bootstrapServers(), elastic, e2eServer, e2eSites, e2eCount, loads);
            } finally {
                running.values().forEach(ServiceProcess::close);
                es.stop();
                kafka.stop();
                deleteTree(work.resolve("es"));
                deleteTree(work.resolve("kafka"));
            }
        }
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("loadAverage", Map.of("before", loadBefore, "stages", loads, "after", ProcStats.loadAverage()));
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("shared", "the machine is shared with other builds: read every figure beside the load average");
        return new Report(startedAt, machine, options.asMap(), metrics, notes);
    }

    private long crawl(String kafka, Path sitesFile, List<Double> loads) throws Exception {
        say("1. crawl: ingest-service over " + options.notices() + " pages, politeness off …");
        long crawled;
        List<TopicWatcher.Kept> records;
        try (TopicWatcher raw = new TopicWatcher(kafka, RAW, PARTITIONS, false, true, null)) {
            ServiceProcess ingest = start(
                    Service.INGEST,
                    List.of(
                            "--spring.kafka.bootstrap-servers=" + kafka,
                            "--spring.config.import=file:" + sitesFile,
                            "--gongkai.ingest.initial-delay=1s",
                            "--gongkai.ingest.politeness.min-delay=0s"));
            double cpu0 = ingest.cpuSeconds();
            double[] servers0 = serversCpu();
            SteadyState steady = new SteadyState(options.notices(), options.warmUp());
            crawled = raw.await(
                    options.notices(),
                    Duration.ofSeconds(60),
                    () -> steady.sample(raw.count(), ingest.cpuSeconds(), raw.lastTimestamp()));
            double cpu = ingest.cpuSeconds() - cpu0;
            double wall = raw.spanSeconds();
            metrics.add(Metric.of("crawl.pages", "crawl: pages published", crawled, "pages"));
            cpuPerItem("crawl", "page", crawled, cpu, servers0);
            loads.add(ProcStats.loadAverage());
            metrics.add(Metric.of(
                    "ingest.rss_mib_after_crawl", "ingest-service RSS after the crawl", ingest.rssMiB(), "MiB"));
            records = raw.kept();
            ingest.close();
            running.remove(Service.INGEST);
            if (crawled < options.notices()) {
                notes.add("crawl: " + crawled + " of " + options.notices() + " pages published (stopped after 60 s"
                        + " without progress); see " + work.resolve("logs/ingest-service.log"));
            }
            say("   " + crawled + " pages in " + wall + " s, ingest CPU " + cpu + " s; raw producer baseline …");
            Baselines.Run producer = Baselines.rawProducer(kafka, "bench.raw-baseline", records, options.sites());
            metrics.add(Metric.of("crawl.pages_per_s", "crawl: pages/s (wall)", crawled / wall, "pages/s")
                    .withBaseline(producer.perSecond()));
            metrics.add(Metric.of("crawl.pages_per_core_s", "crawl: pages/s per core", crawled / cpu, "pages/s")
                    .withBaseline(producer.perCoreSecond()));
            steadyMetrics("crawl", "page", "pages/s", steady.window(), producer, Target.atLeast(500));
            notes.add("crawl baseline: a raw producer sending the crawled records' bytes (acks=all, idempotent, each"
                    + " acknowledgement awaited as the crawler does) from " + options.sites()
                    + " threads (one per site); per core = records ÷ CPU seconds of the process (service: all its"
                    + " threads incl. GC and JIT; the corpus server runs in the harness, not counted)");
        }
        return crawled;
    }

    private long enrich(String kafka, long crawled, List<Double> loads) throws Exception {
        say("2. enrich: enrich-service over " + crawled + " raw notices …");
        long enriched;
        try (TopicWatcher out = new TopicWatcher(kafka, ENRICHED, PARTITIONS, false, false, null)) {
            ServiceProcess enrich = start(Service.ENRICH, List.of("--spring.kafka.bootstrap-servers=" + kafka));
            double cpu0 = enrich.cpuSeconds();
            double[] servers0 = serversCpu();
            SteadyState steady = new SteadyState(crawled, options.warmUp());
            enriched = out.await(
                    crawled,
                    Duration.ofSeconds(60),
                    () -> steady.sample(out.count(), enrich.cpuSeconds(), out.lastTimestamp()));
            double cpu = enrich.cpuSeconds() - cpu0;
            double wall = out.spanSeconds();
            metrics.add(Metric.of("enrich.notices", "enrich: notices enriched", enriched, "notices"));
            cpuPerItem("enrich", "notice", enriched, cpu, servers0);
            loads.add(ProcStats.loadAverage());
            metrics.add(Metric.of(
                    "enrich.rss_mib_after_enrich", "enrich-service RSS after the stage", enrich.rssMiB(), "MiB"));
            say("   " + enriched + " notices in " + wall + " s, enrich CPU " + cpu + " s; bare consumer baseline …");
            Baselines.Run consumer = Baselines.bareConsumer(kafka, RAW, PARTITIONS, crawled);
            metrics.add(Metric.of("enrich.notices_per_s", "enrich: notices/s (wall)", enriched / wall, "notices/s")
                    .withBaseline(consumer.perSecond()));
            metrics.add(
                    Metric.of("enrich.notices_per_core_s", "enrich: notices/s per core", enriched / cpu, "notices/s")
                            .withBaseline(consumer.perCoreSecond()));
            steadyMetrics("enrich", "notice", "notices/s", steady.window(), consumer, Target.atLeast(2000));
            if (enriched < crawled) {
                notes.add("enrich: " + enriched + " of " + crawled + " notices reached notices.enriched");
            }
            notes.add("enrich baseline: a bare consumer (bytes, read_committed, one thread) reading the same "
                    + crawled + " records of notices.raw; wall time of enrich = first to last enriched record's"
                    + " timestamp");
        }
        return enriched;
    }

    /**
     * Elasticsearch's warm-up (JIT of its indexing path and of the plugin's analyzers: in a run at load ~55 the first
     * 700 documents cost it 18 ms of CPU each, documents 1,300-5,000 7-8 ms, the loader's 6-7 ms) would otherwise
     * fall on the service's timed run alone, the loader coming after it on a warm node. So index-service first
     * replays the topic once, untimed, into a scratch index (replay mode, a consumer group of its own), which is then
     * deleted; the timed run is a fresh instance (its own JIT counts against it).
     */
    private void warmUpIndex(String kafka, Elastic es, String esUrl, long enriched) {
        String scratch = "notices-v" + WARM_UP_INDEX_VERSION;
        say("3. index: warming Elasticsearch up: index-service replays the topic into " + scratch + " (not timed) …");
        ServiceProcess warm = start(
                Service.INDEX,
                List.of(
                        "--spring.kafka.bootstrap-servers=" + kafka,
                        "--spring.elasticsearch.uris=" + esUrl,
                        "--gongkai.index.mode=replay",
                        "--gongkai.index.index-version=" + WARM_UP_INDEX_VERSION,
                        "--spring.kafka.consumer.group-id=bench-index-warm-up"));
        long idleSince = System.nanoTime();
        long last = -1;
        while (true) {
            long total = es.indexTotal(scratch);
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
        warm.close();
        running.remove(Service.INDEX);
        es.send("DELETE", "/" + scratch, null, null);
        say("   warm-up: " + last + " documents");
    }

    private void index(String kafka, Elastic es, String esUrl, long enriched, List<Double> loads) throws Exception {
        warmUpIndex(kafka, es, esUrl, enriched);
        say("3. index: index-service over " + enriched + " enriched notices …");
        ServiceProcess index = start(
                Service.INDEX,
                List.of("--spring.kafka.bootstrap-servers=" + kafka, "--spring.elasticsearch.uris=" + esUrl));
        double cpu0 = index.cpuSeconds();
        double[] servers0 = serversCpu();
        SteadyState steady = new SteadyState(enriched, options.warmUp());
        long first = 0;
        long done = 0;
        long idleSince = System.nanoTime();
        long last = -1;
        while (true) {
            long total = es.indexTotal("notices");
            long now = System.nanoTime();
            steady.sample(total, index.cpuSeconds(), System.currentTimeMillis());
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
        double wall = (done - first) / 1e9;
        metrics.add(Metric.of("index.docs", "index: documents written", last, "docs"));
        cpuPerItem("index", "doc", last, cpu, servers0);
        loads.add(ProcStats.loadAverage());
        metrics.add(Metric.of("index.rss_mib_after_index", "index-service RSS after the stage", index.rssMiB(), "MiB"));
        es.send("POST", "/notices/_refresh", null, null);
        say("   " + last + " documents in " + wall + " s, index CPU " + cpu + " s; raw _bulk baseline …");
        Baselines.Run bulk =
                Baselines.rawBulk(es, "notices", "notices-v99", options.indexThreads(), 500, () -> serversCpu()[1]);
        metrics.add(Metric.of(
                "index.baseline_es_cpu_us",
                "index: Elasticsearch CPU per doc of the raw loader",
                bulk.serverCpuSeconds() / bulk.items() * 1e6,
                "µs"));
        metrics.add(Metric.of("index.docs_per_s", "index: docs/s (wall)", last / wall, "docs/s")
                .withBaseline(bulk.perSecond()));
        metrics.add(Metric.of("index.docs_per_core_s", "index: docs/s per core of the service", last / cpu, "docs/s"));
        steadyMetrics("index", "doc", "docs/s", steady.window(), bulk, Target.atLeastOfBaseline(0.9));
        notes.add("index: timed from the first to the last indexing operation seen in _stats (polled every 100 ms);"
                + " baseline: the same documents read back with their versions, loaded by _bulk (500 a request,"
                + " external versions, filter_path=errors) with " + options.indexThreads()
                + " requests in flight into a fresh index of the same template; before the timed run, index-service"
                + " replays the topic once, untimed, into a scratch index so that Elasticsearch is warm for both");
    }

    private void endToEnd(
            String kafka, Elastic es, CorpusServer server, List<Corpus.Site> sites, int count, List<Double> loads)
            throws Exception {
        // Each site is paced by its politeness delay (between the end of one fetch and the start of the next) so that
        // all sites together offer about the rate asked for. Many sites, each with a long delay, keep the rate close
        // to the asked one when a fetch takes longer under load (the fetch time measured in the crawl stage is
        // subtracted; with 8 sites a fetch twice as slow lost a quarter of the rate).
        double pageSeconds = metrics.stream()
                .filter(m -> m.name().equals("crawl.pages_per_s"))
                .mapToDouble(m -> options.sites() / m.value())
                .findFirst()
                .orElse(0.0);
        double delay = Math.max(0, (double) options.e2eSites() / options.e2eRate() - pageSeconds);
        say("4. end to end: " + count + " notices at ~" + options.e2eRate() + "/s (" + options.e2eSites() + " sites, "
                + Math.round(delay * 1000) + " ms apart each) …");
        Path sitesFile = sitesFile("sites-e2e.yml", server, sites, Duration.ofMillis(Math.round(delay * 1000)));
        try (Latencies latencies = new Latencies(es, "notices", 100);
                TopicWatcher raw = new TopicWatcher(
                        kafka, RAW, PARTITIONS, true, false, r -> latencies.published(r.key(), r.timestamp()));
                TopicWatcher enriched = new TopicWatcher(
                        kafka, ENRICHED, PARTITIONS, true, false, r -> latencies.enriched(r.key(), r.timestamp()))) {
            ServiceProcess ingest = start(
                    Service.INGEST,
                    List.of(
                            "--spring.kafka.bootstrap-servers=" + kafka,
                            "--spring.config.import=file:" + sitesFile,
                            "--gongkai.ingest.initial-delay=1s"));
            Map<Service, Double> rss = new LinkedHashMap<>();
            Map<Service, Double> cpu0 = new LinkedHashMap<>();
            running.forEach((s, p) -> cpu0.put(s, p.cpuSeconds()));
            long wall0 = System.nanoTime();
            long deadline = System.nanoTime()
                    + Duration.ofSeconds(options.e2eSeconds() * 3L + 60).toNanos();
            long quarter = Duration.ofSeconds(options.e2eSeconds()).toNanos() / 4;
            while (raw.count() < count && System.nanoTime() < deadline) {
                ServiceProcess.pause(1000);
                // steady state: the largest RSS once a quarter of the notices or of the asked time is through
                if (raw.count() > count / 4 || System.nanoTime() - wall0 > quarter) {
                    running.forEach((s, p) -> rss.merge(s, p.rssMiB(), Math::max));
                }
            }
            double publishSeconds = (System.nanoTime() - wall0) / 1e9;
            Map<Service, Double> cores = new LinkedHashMap<>();
            running.forEach((s, p) -> cores.put(s, (p.cpuSeconds() - cpu0.getOrDefault(s, 0.0)) / publishSeconds));
            long idleUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (latencies.pending() > 0 && System.nanoTime() < idleUntil) {
                ServiceProcess.pause(200);
            }
            loads.add(ProcStats.loadAverage());
            Latencies.Held held = latencies.closePending();
            EndToEndFigures figures = new EndToEndFigures(
                    options.e2eRate(),
                    options.e2eSites(),
                    raw.count(),
                    raw.count() / raw.spanSeconds(),
                    latencies.legs(),
                    held,
                    cores,
                    ProcStats.loadAverage());
            metrics.addAll(figures.metrics());
            notes.addAll(figures.notes());
            if (enriched.count() < raw.count()) {
                notes.add(
                        "end to end: " + enriched.count() + " of " + raw.count() + " notices reached notices.enriched");
            }
            for (Service s : List.of(Service.INGEST, Service.ENRICH, Service.INDEX)) {
                metrics.add(Metric.of(
                                s.module + ".rss_mib",
                                s.module + ": RSS at steady state",
                                rss.getOrDefault(s, Double.NaN),
                                "MiB")
                        .withTarget(Target.atMost(400)));
            }
            ingest.close();
            running.remove(Service.INGEST);
        }
    }

    private double[] serversCpu() {
        return new double[] {ProcStats.treeCpuSeconds(kafkaPid), ProcStats.treeCpuSeconds(esPid)};
    }

    /** Where a stage's CPU goes: the service, the broker and Elasticsearch, in µs per item. */
    private void cpuPerItem(String stage, String item, long items, double serviceCpu, double[] servers0) {
        double[] servers = serversCpu();
        metrics.add(Metric.of(
                stage + ".service_cpu_us", stage + ": service CPU per " + item, serviceCpu / items * 1e6, "µs"));
        metrics.add(Metric.of(
                stage + ".kafka_cpu_us",
                stage + ": Kafka broker CPU per " + item,
                (servers[0] - servers0[0]) / items * 1e6,
                "µs"));
        metrics.add(Metric.of(
                stage + ".es_cpu_us",
                stage + ": Elasticsearch CPU per " + item,
                (servers[1] - servers0[1]) / items * 1e6,
                "µs"));
    }

    /**
     * The stage's figures once the first {@code --warm-up} share of its items is through (the target is judged on
     * these): wall rate beside the baseline's wall rate (the index target), per-core rate beside the baseline's
     * per-core rate (the crawl and enrich targets), and the service's CPU per item.
     */
    private void steadyMetrics(
            String stage, String item, String unit, SteadyState.Window w, Baselines.Run baseline, Target target) {
        String after = ", steady state (after the first " + Math.round(options.warmUp() * 100) + " %)";
        double perSecond = w == null ? Double.NaN : w.perSecond();
        double perCore = w == null ? Double.NaN : w.perCoreSecond();
        boolean wallTarget = target.ofBaseline();
        Metric wall = Metric.of(
                        stage + "." + item + "s_per_s_steady", stage + ": " + unit + " (wall)" + after, perSecond, unit)
                .withBaseline(baseline.perSecond());
        Metric core = Metric.of(
                        stage + "." + item + "s_per_core_s_steady",
                        stage + ": " + unit + " per core" + after,
                        perCore,
                        unit)
                .withBaseline(baseline.perCoreSecond());
        metrics.add(wallTarget ? wall.withTarget(target) : wall);
        // the index baseline's CPU is the loader's JVM only (Elasticsearch does the work): no per-core comparison
        metrics.add(wallTarget ? Metric.of(core.name(), core.label(), perCore, unit) : core.withTarget(target));
        metrics.add(Metric.of(
                stage + ".service_cpu_us_steady",
                stage + ": service CPU per " + item + after,
                w == null ? Double.NaN : w.cpuSeconds() / w.items() * 1e6,
                "µs"));
        if (w == null) {
            notes.add(stage + ": no steady-state window (fewer items than the warm-up share, or none after it)");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private ServiceProcess start(Service service, List<String> args) {
        List<String> jvm = new ArrayList<>(options.jvmOptions(service));
        if (options.jfr()) {
            jvm.add("-XX:StartFlightRecording=filename="
                    + work.resolve(service.module + "-" + System.nanoTime() + ".jfr")
                    + ",settings=profile,dumponexit=true");
        }
        ServiceProcess process =
                ServiceProcess.start(repo, service, jvm, JvmOptions.ENVIRONMENT, args, work.resolve("logs"));
        running.put(service, process);
        boolean firstStart = metrics.stream().noneMatch(m -> m.name().equals(service.module + ".ready_s"));
        if (firstStart) {
            metrics.add(Metric.of(
                            service.module + ".ready_s",
                            service.module + ": start to ready",
                            process.readySeconds(),
                            "s")
                    .withTarget(Target.atMost(10)));
        }
        say("   " + service.module + " ready in " + String.format("%.1f", process.readySeconds()) + " s");
        return process;
    }

    private Path sitesFile(String name, CorpusServer server, List<Corpus.Site> sites, Duration minDelay)
            throws IOException {
        StringBuilder yaml = new StringBuilder("gongkai:\n  ingest:\n    sites:\n");
        for (int s = 0; s < sites.size(); s++) {
            yaml.append("      - id: bench-")
                    .append(name.replace(".yml", ""))
                    .append('-')
                    .append(s)
                    .append('\n')
                    .append("        name: benchmark site ")
                    .append(s)
                    .append('\n')
                    .append("        list-urls: [\"")
                    .append(server.base(s))
                    .append(sites.get(s).listPath())
                    .append("\"]\n")
                    .append("        allowed-networks: [127.0.0.0/8]\n")
                    .append("        max-pages: 100000\n")
                    // every list page of the corpus, not the default 10 (100 links each)
                    .append("        max-list-pages: ")
                    .append(sites.get(s).notices() / Corpus.LINKS_PER_LIST_PAGE + 1)
                    .append('\n')
                    .append("        politeness:\n          min-delay: ")
                    .append(minDelay.toMillis())
                    .append("ms\n");
        }
        Path file = work.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private static void createTopics(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Map<String, String> config = Map.of("max.message.bytes", Integer.toString(16 * 1024 * 1024));
            admin.createTopics(List.of(
                            new NewTopic(RAW, PARTITIONS, (short) 1).configs(config),
                            new NewTopic(ENRICHED, PARTITIONS, (short) 1).configs(config),
                            new NewTopic("bench.raw-baseline", PARTITIONS, (short) 1).configs(config)))
                    .all()
                    .get();
        }
    }

    private static void say(String line) {
        System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + line);
    }
}
