package org.gongkai.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.gongkai.servers.LocalElasticsearch;
import org.gongkai.servers.LocalKafka;

/**
 * The whole pipeline in one run (see {@code docs/benchmarks.md}): Kafka and Elasticsearch from Maven artifacts,
 * the corpus on loopback, the service jars as processes, each stage beside its baseline, then the end-to-end
 * latency at a fixed offered rate, then the table and the JSON report. Stages run one after the other so that each
 * has the machine to itself (with Kafka and Elasticsearch): {@link CrawlStage} (ingest alone), {@link EnrichStage}
 * (over the crawled records), {@link IndexStage} (over the enriched ones), {@link EndToEndStage} (all three).
 * Usage: {@code deploy/bench/run [options]} ({@link BenchOptions}); {@code deploy/bench/run --index-scaling} runs
 * {@link IndexScaling} instead.
 */
public final class PipelineBenchmark {

    static final String RAW = "notices.raw";
    static final String ENRICHED = "notices.enriched";
    static final int PARTITIONS = 6;

    private final Path repo;
    private final BenchOptions options;
    private final Path work;

    private PipelineBenchmark(Path repo, BenchOptions options, Path work) {
        this.repo = repo;
        this.options = options;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("gongkai.repo", "."))
                .toAbsolutePath()
                .normalize();
        if (args.length > 0 && args[0].equals("--index-scaling")) {
            IndexScaling.main(repo, java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        BenchRun.runAndReport(
                repo,
                "run",
                args,
                BenchOptions::parse,
                BenchOptions::out,
                (options, work) -> new PipelineBenchmark(repo, options, work).run());
    }

    Report run() throws Exception {
        String startedAt = Instant.now().toString();
        long t0 = System.nanoTime();
        double loadBefore = ProcStats.loadAverage();
        BenchRun.say("corpus: " + options.notices() + " notices on " + options.sites() + " sites (seed "
                + options.seed() + ")");
        Corpus corpus = Corpus.fromRealNotices(options.realNotices());
        List<Corpus.Site> sites = corpus.generate("/gkml", options.notices(), options.sites(), options.seed());
        List<Corpus.Site> e2eSites =
                corpus.generate("/e2e", options.e2eCount(), options.e2eSites(), options.seed() + 1);
        // the warm-up round's notices: as many sites, URLs of their own (no site at all without a warm-up round)
        List<Corpus.Site> warmUpSites = options.e2eWarmUpCount() == 0
                ? List.of()
                : corpus.generate("/warm-up", options.e2eWarmUpCount(), options.e2eSites(), options.seed() + 2);
        BenchRun run;
        try (CorpusServer server = CorpusServer.start(sites, 1);
                CorpusServer e2eServer = CorpusServer.start(e2eSites, 1 + options.sites());
                CorpusServer warmUpServer = CorpusServer.start(warmUpSites, 1 + options.sites() + options.e2eSites())) {
            BenchRun.say("starting Kafka and Elasticsearch …");
            LocalKafka kafka = LocalKafka.start(
                    work.resolve("kafka"), 0, System.getProperty("java.class.path"), LocalKafka.Compilers.TIERED);
            // A run ended by a signal (ctrl-C, kill) skips the finally below: this hook stops what it started then.
            // Stopping a stopped server is harmless, so the hook and the finally may both run.
            List<Runnable> stops = new CopyOnWriteArrayList<>();
            stops.add(kafka::stop);
            Thread onSignal = new Thread(
                    () -> {
                        List<Runnable> last = new ArrayList<>(stops);
                        Collections.reverse(last); // services before the node and the broker they use
                        last.forEach(Runnable::run);
                    },
                    "stop-servers");
            Runtime.getRuntime().addShutdownHook(onSignal);
            LocalElasticsearch es;
            try {
                es = LocalElasticsearch.start(
                        LocalElasticsearch.defaultZip(),
                        work.resolve("es"),
                        0,
                        "512m",
                        List.of(repo.resolve("analysis-plugin/target/gongkai-analysis.zip")));
            } catch (RuntimeException e) {
                kafka.stop();
                Runtime.getRuntime().removeShutdownHook(onSignal);
                throw e;
            }
            stops.add(es::stop);
            run = new BenchRun(repo, options, work, kafka.bootstrapServers(), kafka.pid(), es.url(), es.pid());
            BenchRun started = run;
            stops.add(started::stopServices);
            try {
                createTopics(kafka.bootstrapServers());
                // One ingest-service for the whole run, with every stage's sites in its one site list: the crawl
                // stage's (politeness off), the end-to-end stage's timed and warm-up rounds' (paced by their
                // robots.txt); each crawled when its stage asks for it.
                SiteList.Group crawl = new SiteList.Group("crawl", server, sites, Duration.ZERO);
                SiteList.Group e2e = new SiteList.Group("e2e", e2eServer, e2eSites, Duration.ZERO);
                SiteList.Group warmUp = new SiteList.Group("e2e-warm-up", warmUpServer, warmUpSites, Duration.ZERO);
                Path sitesFile = run.sitesFile("sites.yml", List.of(crawl, e2e, warmUp));
                long crawled = CrawlStage.run(run, sitesFile, crawl.ids());
                double ingest0 = run.ingestCpu();
                long enrich0 = System.nanoTime();
                long enriched = EnrichStage.run(run, crawled);
                run.idleIngest("enrich", ingest0, enrich0);
                ingest0 = run.ingestCpu();
                long index0 = System.nanoTime();
                IndexStage.run(run, enriched);
                run.idleIngest("index", ingest0, index0);
                EndToEndStage.run(run, e2e, warmUpSites.isEmpty() ? null : warmUp);
            } finally {
                run.stopServices();
                es.stop();
                kafka.stop();
                deleteTree(work.resolve("es"));
                deleteTree(work.resolve("kafka"));
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is already running: it stops the same servers again, harmlessly
                }
            }
        }
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("loadAverage", Map.of("before", loadBefore, "stages", run.loads, "after", ProcStats.loadAverage()));
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("shared", "the machine is shared with other builds: read every figure beside the load average");
        machine.put("runMinutes", Math.round((System.nanoTime() - t0) / 6e9) / 10.0);
        return new Report(startedAt, machine, options.asMap(), run.metrics, run.notes);
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
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
}
