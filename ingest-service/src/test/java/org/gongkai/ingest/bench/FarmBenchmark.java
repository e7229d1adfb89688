package org.gongkai.ingest.bench;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gongkai.events.EventCodec;
import org.gongkai.events.RawNotice;
import org.gongkai.ingest.PortalFarm;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.crawl.CrawlReport;
import org.gongkai.ingest.crawl.CrawlScheduler;
import org.gongkai.ingest.crawl.InMemoryCrawlState;
import org.gongkai.ingest.crawl.SiteCrawler;
import org.gongkai.ingest.fetch.HostAssignment;
import org.gongkai.ingest.fetch.HttpFetcher;
import org.gongkai.ingest.fetch.MinDelayPoliteness;
import org.gongkai.ingest.fetch.PinnedHttpTransport;
import org.gongkai.ingest.publish.NoticePublisher;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;

/**
 * A harness that prints figures, not a test: one crawl round of a simulated portal farm on loopback. Every site
 * is its own host name ({@code site-N.test}, resolved to 127.0.0.1 by the injected resolver, so politeness and
 * faults apply per host as on the real web) with one list page of notices; a few sites are slow (each notice
 * takes {@code slow-ms} to answer) and a few fail (their list answers 503). The service's scheduler, crawler,
 * politeness and pinned transport run as in the service; publishing serialises each event with the contract's
 * codec (no broker). The farm's HTTP server runs in the same JVM, so the process's CPU per page includes serving it.
 *
 * <p>Prints the round time against the ideal (the slowest site's requests × its delay, plus its slow answers),
 * pages/s, CPU per page, fetches in flight (sampled every 10 ms) and heap after the round. The politeness-off round
 * (delay 0) runs {@code off-rounds} times after a small warm-up round, so that the later ones measure warm code; each
 * round also splits the process's CPU by thread into the JIT compilers', the farm's HTTP server's, GC's and the rest:
 * the crawler's own CPU per page, without serving the farm and without compiling (see {@link CpuSplit}).
 *
 * <p>Run: {@code java -cp <test classpath> org.gongkai.ingest.bench.FarmBenchmark [sites] [pages-per-site]
 * [delay-ms] [max-concurrent-sites] [max-concurrent-requests] [off-rounds]}; defaults 200 sites, 10 pages, 200 ms,
 * 256, 16, 3.
 */
public final class FarmBenchmark {

    private static final int SLOW_SITES = 5;
    private static final int FAILING_SITES = 5;
    private static final Duration SLOW = Duration.ofMillis(1000);

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int sites = arg(args, 0, 200);
        int pages = arg(args, 1, 10);
        int delayMs = arg(args, 2, 200);
        int concurrentSites = arg(args, 3, 256);
        int inFlight = arg(args, 4, 16);
        int offRounds = arg(args, 5, 3);
        System.out.printf(
                "cores %d, max heap %d MiB; %d sites x %d notices, %d slow (%d ms a page), %d failing (503)%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                sites,
                pages,
                SLOW_SITES,
                SLOW.toMillis(),
                FAILING_SITES);
        round(Math.min(sites, 20), pages, 0, concurrentSites, inFlight, false); // warm-up
        for (int r = 1; r <= offRounds; r++) {
            System.out.printf("politeness off, round %d of %d:%n", r, offRounds);
            round(sites, pages, 0, concurrentSites, inFlight, true);
        }
        round(sites, pages, delayMs, concurrentSites, inFlight, true);
        if (concurrentSites < sites) {
            round(sites, pages, delayMs, sites, inFlight, true);
        }
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    private static void round(int siteCount, int pages, int delayMs, int concurrentSites, int inFlight, boolean print)
            throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String paragraph = "<p>" + "为切实做好今冬清洁取暖工作，现就有关事项通知如下。".repeat(40) + "</p>";
        List<Site> sites = new ArrayList<>();
        try (PortalFarm farm = new PortalFarm();
                PinnedHttpTransport transport =
                        new PinnedHttpTransport(Duration.ofSeconds(2), Math.max(64, concurrentSites))) {
            for (int s = 0; s < siteCount; s++) {
                String host = "site-" + s + "-" + run + ".test";
                boolean slow = s < SLOW_SITES;
                boolean failing = s >= SLOW_SITES && s < SLOW_SITES + FAILING_SITES;
                List<String> links = new ArrayList<>();
                for (int p = 0; p < pages; p++) {
                    String path = "/xxgk/t" + p + ".html";
                    links.add(path);
                    String html = PortalFarm.notice("S" + s + "/2023-" + p, paragraph);
                    farm.on(host, path, slow ? PortalFarm.slow(html, SLOW) : PortalFarm.html(html));
                }
                farm.on(
                        host,
                        "/xxgk/index.html",
                        failing
                                ? exchange -> exchange.sendResponseHeaders(503, -1)
                                : PortalFarm.html(PortalFarm.list(links, null)));
                sites.add(TestConfigs.site("site-" + s, List.of(farm.url(host, "/xxgk/index.html")), true, 10_000));
            }
            IngestProperties.Politeness politenessConfig = FarmWiring.politeness(delayMs, inFlight);
            MinDelayPoliteness politeness = new MinDelayPoliteness(politenessConfig, meters);
            HttpFetcher fetcher = FarmWiring.fetcher(transport, politeness, meters);
            AtomicLong published = new AtomicLong();
            NoticePublisher publisher = new NoticePublisher() {
                @Override
                public void publish(RawNotice notice) {
                    EventCodec.instance().write(notice);
                    published.incrementAndGet();
                }

                @Override
                public void publishTombstone(String noticeId) {}
            };
            SiteCrawler crawler = new SiteCrawler(
                    HostAssignment.ALL,
                    fetcher,
                    FarmWiring.robots(fetcher, politeness, meters),
                    publisher,
                    new InMemoryCrawlState(),
                    TestConfigs.state(),
                    null,
                    meters,
                    Clock.systemUTC());
            IngestProperties properties = FarmWiring.properties(concurrentSites, politenessConfig, sites);
            CrawlScheduler scheduler = new CrawlScheduler(properties, crawler, meters);
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            AtomicLong samples = new AtomicLong();
            AtomicLong inFlightSum = new AtomicLong();
            AtomicLong inFlightMax = new AtomicLong();
            sampler.scheduleAtFixedRate(
                    () -> {
                        int now = politeness.inFlight();
                        samples.incrementAndGet();
                        inFlightSum.addAndGet(now);
                        inFlightMax.accumulateAndGet(now, Math::max);
                    },
                    0,
                    10,
                    TimeUnit.MILLISECONDS);
            CpuSplit split = CpuSplit.start();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            FarmWiring.crawlAll(scheduler, siteCount);
            long wall = System.nanoTime() - start;
            long cpu = os.getProcessCpuTime() - cpuStart;
            CpuSplit.Shares shares = split.end(cpu);
            scheduler.stop();
            sampler.shutdownNow();
            if (!print) {
                return;
            }
            int fetched = scheduler.lastReports().values().stream()
                    .mapToInt(CrawlReport::fetched)
                    .sum();
            Instant lastNormal = scheduler.lastReports().values().stream()
                    .filter(r -> Integer.parseInt(r.siteId().substring(5)) >= SLOW_SITES + FAILING_SITES)
                    .map(CrawlReport::finishedAt)
                    .max(Instant::compareTo)
                    .orElseThrow();
            Instant firstStart = scheduler.lastReports().values().stream()
                    .map(CrawlReport::startedAt)
                    .min(Instant::compareTo)
                    .orElseThrow();
            // Per site: robots.txt, the list, the notices, one after another with the delay between them.
            double idealNormal = (pages + 1) * delayMs / 1000.0;
            double idealSlowest = idealNormal + pages * SLOW.toMillis() / 1000.0;
            System.gc();
            long heap =
                    Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            System.out.printf(
                    "delay %d ms, %d sites at once, %d fetches in flight at most: round %.2f s (ideal: slowest site"
                            + " %.2f s; ordinary sites done after %.2f s, ideal %.2f s); %d notices published, %d"
                            + " fetches, %.0f pages/s, CPU %.2f ms a page (%.0f pages/s per core), fetches in flight"
                            + " mean %.1f max %d, heap after %d MiB%n",
                    delayMs,
                    concurrentSites,
                    inFlight,
                    wall / 1e9,
                    idealSlowest,
                    Duration.between(firstStart, lastNormal).toMillis() / 1000.0,
                    idealNormal,
                    published.get(),
                    fetched,
                    fetched / (wall / 1e9),
                    cpu / 1e6 / Math.max(1, fetched),
                    fetched / (cpu / 1e9),
                    samples.get() == 0 ? 0.0 : (double) inFlightSum.get() / samples.get(),
                    inFlightMax.get(),
                    heap >> 20);
            long crawlerCpu = shares.crawlerNanos();
            System.out.printf(
                    "  CPU split: JIT %.0f %% (%.2f ms a page), farm server %.0f %% (%.2f ms), GC %.0f %% (%.2f ms);"
                            + " crawler %.2f ms a page (%.0f pages/s per core)%n",
                    100.0 * shares.jitNanos() / cpu,
                    shares.jitNanos() / 1e6 / Math.max(1, fetched),
                    100.0 * shares.farmNanos() / cpu,
                    shares.farmNanos() / 1e6 / Math.max(1, fetched),
                    100.0 * shares.gcNanos() / cpu,
                    shares.gcNanos() / 1e6 / Math.max(1, fetched),
                    crawlerCpu / 1e6 / Math.max(1, fetched),
                    fetched / (crawlerCpu / 1e9));
        }
    }

    /**
     * The JIT's, the farm server's and GC's part of a round's CPU, from the CPU time of the process's threads by
     * name ({@code /proc/self/task/<tid>/stat} and {@code comm}, Linux): the C1/C2 compiler threads, the farm's
     * handler threads and the JDK server's dispatcher, G1's and the GC worker threads. Threads that end during the
     * round lose their CPU (the JVM may retire an idle extra compiler thread; the farm's handler pool keeps its
     * threads for 60 s). Without {@code /proc} every share is 0 and the crawler's is the process's.
     */
    private record CpuSplit(Map<Integer, long[]> before) {

        private static final int JIT = 0;
        private static final int FARM = 1;
        private static final int GC = 2;
        private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

        record Shares(long jitNanos, long farmNanos, long gcNanos, long crawlerNanos) {}

        static CpuSplit start() {
            return new CpuSplit(threads());
        }

        Shares end(long processCpu) {
            long[] sum = new long[3];
            for (Map.Entry<Integer, long[]> now : threads().entrySet()) {
                long[] was = before.get(now.getKey());
                int kind = (int) now.getValue()[0];
                long ticks = now.getValue()[1] - (was == null || was[0] != kind ? 0 : was[1]);
                if (kind >= 0) {
                    sum[kind] += ticks * NANOS_PER_TICK;
                }
            }
            return new Shares(sum[JIT], sum[FARM], sum[GC], Math.max(1, processCpu - sum[JIT] - sum[FARM] - sum[GC]));
        }

        /** Per thread id: {kind (-1 for the rest), user + system ticks}. */
        private static Map<Integer, long[]> threads() {
            Map<Integer, long[]> threads = new HashMap<>();
            File[] tasks = new File("/proc/self/task").listFiles();
            if (tasks == null) {
                return threads;
            }
            for (File task : tasks) {
                try {
                    String name =
                            Files.readString(task.toPath().resolve("comm")).strip();
                    String stat = Files.readString(task.toPath().resolve("stat"));
                    // Fields after the name in parentheses: state is field 3, utime 14, stime 15.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    threads.put(Integer.parseInt(task.getName()), new long[] {kind(name), ticks});
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
            return threads;
        }

        private static int kind(String name) {
            if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                return JIT;
            }
            if (name.startsWith("portal-farm") || name.startsWith("HTTP-Dispatcher")) {
                return FARM;
            }
            if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                return GC;
            }
            return -1;
        }
    }
}
