package org.gongkai.ingest.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.gongkai.events.NoticeIds;
import org.gongkai.ingest.crawl.BrokerWaits;
import org.gongkai.ingest.crawl.CrawlState;
import org.gongkai.ingest.crawl.InMemoryCrawlState;
import org.gongkai.ingest.crawl.KafkaCrawlState;
import org.gongkai.ingest.crawl.RocksDbCrawlState;
import org.gongkai.ingest.crawl.UrlState;
import org.gongkai.testsupport.RealServers;

/**
 * Crawl state at scale (synthetic URLs and states): for each count of known URLs, the heap the state takes after a
 * full GC, the process's resident memory, the store's disk size, the time to load it, the rate of lookups by notice
 * id and of one site's scan; with {@code restore}, also the time to restore a new store from the state topic on the
 * real broker (as the service does at start). Not a test: a harness that prints figures.
 *
 * <p>Run in a JVM of its own (the broker is started as a child process from this JVM's class path; heap and RSS
 * are this JVM's), see the module README: {@code java -Xmx1g -cp … org.gongkai.ingest.bench.CrawlStateBenchmark
 * rocksdb 10000,100000,1000000 restore} (first word {@code rocksdb} or {@code memory}).
 */
public final class CrawlStateBenchmark {

    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    private static final int SITES = 100;

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "rocksdb";
        String[] counts = (args.length > 1 ? args[1] : "10000,100000,1000000").split(",");
        boolean restore = args.length > 2 && args[2].equals("restore");
        Path parent = Files.createTempDirectory("crawl-state-bench");
        System.out.printf(
                "store %s, %d sites, max heap %d MiB, RSS at start %.0f MiB%n",
                kind, SITES, Runtime.getRuntime().maxMemory() >> 20, rssMiB());
        // Warm-up (JIT, class loading, the JSON mapper's caches): not printed.
        run(kind, 20_000, parent, false, false);
        for (String count : counts) {
            run(kind, Integer.parseInt(count.trim()), parent, restore, true);
        }
    }

    private static void run(String kind, int urls, Path parent, boolean restore, boolean print) throws Exception {
        long heapBefore = usedHeap();
        double rssBefore = rssMiB();
        CrawlState state =
                kind.equals("memory") ? new InMemoryCrawlState() : RocksDbCrawlState.open(parent, 16 << 20, 4 << 20);
        long start = System.nanoTime();
        long cpuStart = cpu();
        for (int i = 0; i < urls; i++) {
            state.put(id(i), state(i));
        }
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        double loadCpuMicros = (cpu() - cpuStart) / 1e3 / urls;
        long heapAfter = usedHeap();
        double rssAfter = rssMiB();
        long lookupCpu = cpu();
        double lookups = lookupsPerSecond(state, urls);
        double lookupCpuMicros = (cpu() - lookupCpu) / 1e3 / Math.min(urls, 100_000);
        double scan = scanPerSecond(state);
        if (!print) {
            close(state);
            return;
        }
        System.out.printf(
                "%s %,d URLs: heap %.1f MiB (%.0f bytes/URL), RSS +%.0f MiB (now %.0f MiB), disk %.1f MiB, load %.1f s"
                        + " (%,.0f/s; %.0f µs CPU each), lookups %,.0f/s (%.0f µs CPU each), scan of one site %,.0f"
                        + " states/s%n",
                kind,
                state.size(),
                (heapAfter - heapBefore) / 1048576.0,
                (heapAfter - heapBefore) / (double) urls,
                rssAfter - rssBefore,
                rssAfter,
                state instanceof RocksDbCrawlState r ? r.diskBytes() / 1048576.0 : 0.0,
                loadSeconds,
                urls / loadSeconds,
                loadCpuMicros,
                lookups,
                lookupCpuMicros,
                scan);
        close(state);
        if (restore) {
            restore(kind, urls, parent);
        }
    }

    /** Writes the states through to a new topic, then restores a new store from it and times that. */
    private static void restore(String kind, int urls, Path parent) throws Exception {
        String servers = RealServers.kafkaBootstrapServers();
        String topic = "bench.crawl-state." + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all()
                    .get();
        }
        long start = System.nanoTime();
        try (KafkaCrawlState writer = kafkaState(kind, parent, topic, servers)) {
            writer.load();
            for (int i = 0; i < urls; i++) {
                writer.put(id(i), state(i));
            }
            writer.flush();
        }
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        long heapBefore = usedHeap();
        start = System.nanoTime();
        try (KafkaCrawlState reader = kafkaState(kind, parent, topic, servers)) {
            reader.load();
            double restoreSeconds = (System.nanoTime() - start) / 1e9;
            long heapAfter = usedHeap();
            System.out.printf(
                    "%s %,d URLs through the topic: written through in %.1f s, restored into a new store in %.1f s"
                            + " (%,.0f/s), heap after restore %.1f MiB, RSS %.0f MiB%n",
                    kind,
                    reader.size(),
                    writeSeconds,
                    restoreSeconds,
                    urls / restoreSeconds,
                    (heapAfter - heapBefore) / 1048576.0,
                    rssMiB());
        }
    }

    private static KafkaCrawlState kafkaState(String kind, Path parent, String topic, String servers) {
        CrawlState local =
                kind.equals("memory") ? new InMemoryCrawlState() : RocksDbCrawlState.open(parent, 16 << 20, 4 << 20);
        return new KafkaCrawlState(
                local,
                topic,
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        servers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        20),
                Map.of("bootstrap.servers", servers),
                Duration.ofMinutes(10),
                new SimpleMeterRegistry(),
                BrokerWaits.of(BrokerWaits.DEFAULT_THRESHOLD, new SimpleMeterRegistry()));
    }

    private static void close(CrawlState state) throws Exception {
        if (state instanceof AutoCloseable c) {
            c.close();
        }
    }

    private static double lookupsPerSecond(CrawlState state, int urls) {
        SplittableRandom random = new SplittableRandom(7);
        int n = Math.min(urls, 100_000);
        long found = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            found += state.get(id(random.nextInt(urls))).isPresent() ? 1 : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (found != n) {
            throw new IllegalStateException("lookups found " + found + " of " + n);
        }
        return n / seconds;
    }

    private static double scanPerSecond(CrawlState state) {
        AtomicLong seen = new AtomicLong();
        long start = System.nanoTime();
        state.forEachOfSite("site-7", s -> seen.incrementAndGet());
        return seen.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static String url(int i) {
        return "http://www.site-" + (i % SITES) + ".gov.test/xxgk/2023" + (i % 12 + 10) + "/t202311" + (i % 28 + 10)
                + "_" + i + ".html";
    }

    private static String id(int i) {
        return NoticeIds.fromUrl(url(i));
    }

    private static UrlState state(int i) {
        return state(url(i), i, i % SITES);
    }

    /**
     * A published notice's state as the service writes it (validators, content hash, due in an hour): the states of
     * this harness and of {@link CrawlStateRestoreBenchmark}.
     */
    static UrlState state(String url, int i, int site) {
        return new UrlState(
                url,
                "site-" + site,
                "\"" + Integer.toHexString(i) + "-5f3a2b\"",
                "Mon, 20 Nov 2023 08:00:00 GMT",
                NoticeIds.sha256Hex(url.getBytes(StandardCharsets.UTF_8)),
                NOW,
                200,
                NOW.plusSeconds(3600),
                3600,
                0,
                0,
                null,
                null,
                null);
    }

    /** CPU time of this thread in ns (the store's background flushes and compactions are not counted). */
    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** VmRSS of this process, from /proc (Linux). */
    static double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException e) {
            // not Linux
        }
        return Double.NaN;
    }

    private CrawlStateBenchmark() {}
}
