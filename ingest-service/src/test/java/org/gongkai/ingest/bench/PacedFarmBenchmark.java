package org.gongkai.ingest.bench;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.gongkai.events.EventCodec;
import org.gongkai.events.RawNotice;
import org.gongkai.ingest.PortalFarm;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.crawl.BrokerWaits;
import org.gongkai.ingest.crawl.CrawlReport;
import org.gongkai.ingest.crawl.CrawlScheduler;
import org.gongkai.ingest.crawl.CrawlState;
import org.gongkai.ingest.crawl.InMemoryCrawlState;
import org.gongkai.ingest.crawl.KafkaCrawlState;
import org.gongkai.ingest.crawl.SiteCrawler;
import org.gongkai.ingest.crawl.TimedCrawlState;
import org.gongkai.ingest.fetch.HostAssignment;
import org.gongkai.ingest.fetch.HttpFetcher;
import org.gongkai.ingest.fetch.MinDelayPoliteness;
import org.gongkai.ingest.fetch.PinnedHttpTransport;
import org.gongkai.ingest.publish.KafkaNoticePublisher;
import org.gongkai.ingest.publish.NoticePublisher;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.publish.RecordFit;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.gongkai.ingest.trace.CurrentTrace;
import org.gongkai.testsupport.RealServers;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A harness that prints figures, not a test: does a page cost the crawler more CPU when its site's pages are paced
 * by politeness waits (as in the pipeline benchmark's end-to-end stage) than back to back (its crawl stage)? Unlike
 * {@link FarmBenchmark} it can run with the service's crawl state and publisher: {@code memory} (in-memory state,
 * events serialised with the contract's codec, no broker, as the farm), {@code rocksdb} (the service's RocksDB
 * store, no broker), {@code kafka} (a {@link KafkaCrawlState} over the RocksDB store and a {@link
 * KafkaNoticePublisher} on a {@link KafkaTemplate} with the service's producer settings, to test-support's local
 * broker on loopback, started as a child process). Observations: {@code observe} the page visits' and the
 * template's (each send), with a Brave tracer, W3C propagation and a meter handler, as the service has them;
 * {@code pages} the page visits' only; {@code plain} none; {@code sends-ab} compares instead of the pacing the
 * template's observation (A, with the page visits') against none (B, the page visits' still on), all rounds paced.
 *
 * <p>Every round crawls fresh sites ({@code sites} × {@code pages} new notices: each page is fetched, published
 * and its state put, as in the end-to-end stage); the rounds go back to back (delay 0, "A") and paced ({@code
 * delay-ms} between a site's requests, "B") in the order A B B A, {@code pairs} times, after {@code warm-up}
 * back-to-back rounds, so a drift of the machine's load or of the JIT falls on both alike. Each round prints the
 * process's CPU a page split by thread ({@code /proc/self/task}): the crawl workers, the producers' I/O threads,
 * the JIT, the farm's server, GC and the rest; and, on the crawl workers, the CPU in the local store's puts and
 * gets and in the publisher's send ({@link TimedCrawlState}, the calling thread's CPU clock).
 *
 * <p>Run: {@code java -Xmx1g -cp <test classpath> org.gongkai.ingest.bench.PacedFarmBenchmark [sites] [pages]
 * [delay-ms] [memory|rocksdb|kafka] [observe|pages|plain|sends-ab] [pairs] [warm-up]}; defaults 40 sites, 25 pages, 150 ms,
 * kafka, observe, 3, 3.
 */
public final class PacedFarmBenchmark {

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final int sites;
    private final int pages;
    private final boolean observe;
    private final boolean observeSends;
    private final CrawlState state;
    private final TimedCrawlState timed;
    private final Path stateDir;
    private final NoticePublisher publisher;
    /** For {@code sends-ab}: the same producer through a template without observation. */
    private final NoticePublisher unobserved;

    private volatile NoticePublisher current;
    private final ObservationRegistry observations;
    private final LongAdder sendNanos = new LongAdder();
    private final LongAdder sends = new LongAdder();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String paragraph = "<p>" + "为切实做好今冬清洁取暖工作，现就有关事项通知如下。".repeat(80) + "</p>";

    private PacedFarmBenchmark(int sites, int pages, String mode, String observation) throws Exception {
        this.sites = sites;
        this.pages = pages;
        this.observe = !observation.equals("plain");
        this.observeSends = observation.equals("observe") || observation.equals("sends-ab");
        this.stateDir = Files.createTempDirectory("paced-farm-state");
        Path dir = stateDir;
        this.timed =
                mode.equals("memory") ? new TimedCrawlState(new InMemoryCrawlState()) : TimedCrawlState.rocksDb(dir);
        ServiceWiring.Tracing tracing = observe ? ServiceWiring.tracing(meters) : null;
        Tracer tracer = tracing == null ? null : tracing.tracer();
        this.observations = tracing == null ? ObservationRegistry.NOOP : tracing.observations();
        if (mode.equals("kafka")) {
            String bootstrap = RealServers.kafkaBootstrapServers();
            String stateTopic = "notices.crawl-state-" + Long.toString(System.nanoTime(), 36);
            ServiceWiring.createTopics(bootstrap, stateTopic);
            Map<String, Object> producer = ServiceWiring.producerProperties(bootstrap);
            Map<String, Object> consumer = Map.of("bootstrap.servers", bootstrap);
            KafkaCrawlState kafkaState = new KafkaCrawlState(
                    timed,
                    stateTopic,
                    producer,
                    consumer,
                    Duration.ofMinutes(1),
                    meters,
                    BrokerWaits.of(BrokerWaits.DEFAULT_THRESHOLD, meters));
            kafkaState.load();
            this.state = kafkaState;
            DefaultKafkaProducerFactory<String, Object> factory = new DefaultKafkaProducerFactory<>(producer);
            KafkaTemplate<String, Object> template = new KafkaTemplate<>(factory);
            if (observeSends) {
                template.setObservationEnabled(true);
                template.setObservationRegistry(observations);
            }
            this.publisher = new KafkaNoticePublisher(
                    template, "ingest-service", new RecordFit(16777216, false), new CurrentTrace(tracer));
            this.unobserved = new KafkaNoticePublisher(
                    new KafkaTemplate<>(factory),
                    "ingest-service",
                    new RecordFit(16777216, false),
                    new CurrentTrace(tracer));
        } else {
            this.state = timed;
            this.publisher = new NoticePublisher() {
                @Override
                public void publish(RawNotice notice) {
                    EventCodec.instance().write(notice);
                }

                @Override
                public void publishTombstone(String noticeId) {}
            };
            this.unobserved = publisher;
        }
        this.current = publisher;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int sites = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int pages = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        int delayMs = args.length > 2 ? Integer.parseInt(args[2]) : 150;
        String mode = args.length > 3 ? args[3] : "kafka";
        String observation = args.length > 4 ? args[4] : "observe";
        int pairs = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        int warmUp = args.length > 6 ? Integer.parseInt(args[6]) : 3;
        if (!List.of("memory", "rocksdb", "kafka").contains(mode)) {
            throw new IllegalArgumentException("mode: memory, rocksdb or kafka, not " + mode);
        }
        if (!List.of("observe", "pages", "plain", "sends-ab").contains(observation)) {
            throw new IllegalArgumentException("observations: observe, pages, plain or sends-ab, not " + observation);
        }
        System.out.printf(
                "cores %d, max heap %d MiB; %d sites x %d notices; state and publisher: %s; observations %s%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                sites,
                pages,
                mode,
                observation);
        PacedFarmBenchmark bench = new PacedFarmBenchmark(sites, pages, mode, observation);
        for (int r = 1; r <= warmUp; r++) {
            bench.round("warm-up " + r, 0);
        }
        List<double[]> a = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        boolean sendsAb = observation.equals("sends-ab");
        String nameA = sendsAb ? "A sends observed" : "A back to back";
        String nameB = sendsAb ? "B sends plain" : "B paced " + delayMs + " ms";
        int delayA = sendsAb ? delayMs : 0;
        for (int p = 1; p <= pairs; p++) {
            a.add(bench.round(nameA, delayA));
            bench.current = sendsAb ? bench.unobserved : bench.publisher;
            b.add(bench.round(nameB, delayMs));
            b.add(bench.round(nameB, delayMs));
            bench.current = bench.publisher;
            a.add(bench.round(nameA, delayA));
        }
        System.out.printf("summary, µs a page (min–max over rounds): %s%n", ThreadCpu.Split.HEADER);
        System.out.printf("  %-16s %s%n", nameA + ":", ThreadCpu.Split.range(a));
        System.out.printf("  %-16s %s%n", nameB + ":", ThreadCpu.Split.range(b));
        if (bench.state instanceof AutoCloseable closeable) {
            closeable.close(); // the RocksDB store deletes its directory
        }
        Files.deleteIfExists(bench.stateDir);
        System.exit(0);
    }

    /** One round of fresh sites; returns its split (µs a page). */
    private double[] round(String name, int delayMs) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        List<Site> siteList = new ArrayList<>();
        try (PortalFarm farm = new PortalFarm();
                PinnedHttpTransport transport = new PinnedHttpTransport(Duration.ofSeconds(2), 64)) {
            for (int s = 0; s < sites; s++) {
                String host = "site-" + s + "-" + run + ".test";
                List<String> links = new ArrayList<>();
                for (int p = 0; p < pages; p++) {
                    String path = "/xxgk/t" + p + ".html";
                    links.add(path);
                    farm.on(
                            host,
                            path,
                            PortalFarm.html(PortalFarm.notice("S" + s + "-" + run + "/2023-" + p, paragraph)));
                }
                farm.on(host, "/xxgk/index.html", PortalFarm.html(PortalFarm.list(links, null)));
                siteList.add(TestConfigs.site(
                        "site-" + s + "-" + run, List.of(farm.url(host, "/xxgk/index.html")), true, 10_000));
            }
            IngestProperties.Politeness politenessConfig = FarmWiring.politeness(delayMs, 16);
            MinDelayPoliteness politeness = new MinDelayPoliteness(politenessConfig, meters);
            HttpFetcher fetcher = FarmWiring.fetcher(transport, politeness, meters);
            NoticePublisher timedPublisher = new NoticePublisher() {
                @Override
                public void publish(RawNotice notice) throws PublishException, InterruptedException {
                    current.publish(notice);
                }

                @Override
                public void publishTombstone(String noticeId) throws PublishException, InterruptedException {
                    current.publishTombstone(noticeId);
                }

                @Override
                public CompletableFuture<Void> send(RawNotice notice) throws InterruptedException {
                    long start = ThreadCpu.Split.THREADS.getCurrentThreadCpuTime();
                    try {
                        return current.send(notice);
                    } finally {
                        sendNanos.add(ThreadCpu.Split.THREADS.getCurrentThreadCpuTime() - start);
                        sends.increment();
                    }
                }
            };
            SiteCrawler crawler = new SiteCrawler(
                    HostAssignment.ALL,
                    fetcher,
                    FarmWiring.robots(fetcher, politeness, meters),
                    timedPublisher,
                    state,
                    TestConfigs.state(),
                    null,
                    meters,
                    Clock.systemUTC(),
                    observations,
                    SiteCrawler.DEFAULT_MAX_UNACKNOWLEDGED);
            IngestProperties properties = FarmWiring.properties(256, politenessConfig, siteList);
            CrawlScheduler scheduler = new CrawlScheduler(properties, crawler, meters);
            timed.takeCounts();
            sendNanos.reset();
            sends.reset();
            double loadBefore = OS.getSystemLoadAverage();
            Map<String, Long> producersBefore = ThreadCpu.producerThreads();
            ThreadCpu.Split split = ThreadCpu.Split.start();
            long cpuStart = OS.getProcessCpuTime();
            long start = System.nanoTime();
            FarmWiring.crawlAll(scheduler, sites);
            long wall = System.nanoTime() - start;
            long cpu = OS.getProcessCpuTime() - cpuStart;
            double[] shares = split.end(cpu);
            Map<String, Long> producersAfter = ThreadCpu.producerThreads();
            long[] store = timed.takeCounts();
            scheduler.stop();
            int fetched = scheduler.lastReports().values().stream()
                    .mapToInt(CrawlReport::fetched)
                    .sum();
            double[] perPage = new double[ThreadCpu.Split.COLUMNS + 3];
            for (int i = 0; i < ThreadCpu.Split.COLUMNS; i++) {
                perPage[i] = shares[i] / 1e3 / Math.max(1, fetched);
            }
            perPage[ThreadCpu.Split.COLUMNS] = store[0] / 1e3 / Math.max(1, fetched);
            perPage[ThreadCpu.Split.COLUMNS + 1] = store[2] / 1e3 / Math.max(1, fetched);
            perPage[ThreadCpu.Split.COLUMNS + 2] = sendNanos.sum() / 1e3 / Math.max(1, fetched);
            Timer template = meters.find("spring.kafka.template").timer();
            System.out.printf(
                    "%-18s %.2f s, %d fetches (%d puts, %d gets, %d sends%s), load %.1f: µs a page %s%n",
                    name,
                    wall / 1e9,
                    fetched,
                    store[1],
                    store[3],
                    sends.sum(),
                    template == null ? "" : ", template timer " + template.count(),
                    loadBefore,
                    ThreadCpu.Split.format(perPage));
            System.out.printf("  rest: %s%n", split.topOfRest());
            StringBuilder producers = new StringBuilder();
            producersAfter.forEach((client, nanos) -> producers
                    .append(producers.isEmpty() ? "" : ", ")
                    .append(client)
                    .append(' ')
                    .append(Math.round((nanos - producersBefore.getOrDefault(client, 0L)) / 1e3 / Math.max(1, fetched)))
                    .append(" µs a page"));
            if (!producers.isEmpty()) {
                System.out.printf("  producer I/O threads: %s%n", producers);
            }
            return perPage;
        }
    }
}
