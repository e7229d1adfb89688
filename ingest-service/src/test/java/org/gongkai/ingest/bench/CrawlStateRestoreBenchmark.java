package org.gongkai.ingest.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.events.NoticeIds;
import org.gongkai.ingest.crawl.BrokerWaits;
import org.gongkai.ingest.crawl.CrawlMark;
import org.gongkai.ingest.crawl.CrawlState;
import org.gongkai.ingest.crawl.ForwardingCrawlState;
import org.gongkai.ingest.crawl.KafkaCrawlState;
import org.gongkai.ingest.crawl.RocksDbCrawlState;
import org.gongkai.ingest.crawl.UrlState;
import org.gongkai.testsupport.RealServers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Restore of the crawl state from the state topic at scale (synthetic states, real broker on loopback), as the
 * service does before its first crawl: for each count of known URLs, a topic with that many states (written
 * straight with a producer, plus 1 % moved to another site and 1 % removed, so the topic holds what compaction
 * has not yet thinned), then a new RocksDB store restored from it, timed, once through the bulk path
 * ({@code bulk}: one write batch per poll, values stored as read, no compaction until the end) and once through
 * the store's one-put-per-record path ({@code per-record}: how it was before). Prints wall time, records/s, the
 * CPU time of the restoring thread and of the whole process per record (the broker is a child process and not
 * counted), and the load average (the machine is shared: read the rates against it). Not a test: a harness.
 *
 * <p>Run in a JVM of its own (see the module README): {@code java -Xmx256m -cp …
 * org.gongkai.ingest.bench.CrawlStateRestoreBenchmark 10000,100000,1000000 [bulk,per-record]}.
 */
public final class CrawlStateRestoreBenchmark {

    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    private static final int SITES = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        String[] counts = (args.length > 0 ? args[0] : "10000,100000,1000000").split(",");
        String[] paths = (args.length > 1 ? args[1] : "bulk,per-record").split(",");
        Path parent = Files.createTempDirectory("crawl-state-restore-bench");
        String servers = RealServers.kafkaBootstrapServers();
        System.out.printf(
                "max heap %d MiB, %d sites, topic of 3 partitions%n",
                Runtime.getRuntime().maxMemory() >> 20, SITES);
        // Warm-up (JIT, class loading, the consumer's first metadata round trips): not printed.
        String warm = fill(servers, 20_000);
        for (String path : paths) {
            restore(servers, warm, parent, path.trim(), 20_000, false);
        }
        for (String count : counts) {
            int urls = Integer.parseInt(count.trim());
            String topic = fill(servers, urls);
            for (String path : paths) {
                restore(servers, topic, parent, path.trim(), urls, true);
            }
        }
    }

    private static void restore(String servers, String topic, Path parent, String path, int urls, boolean print)
            throws Exception {
        RocksDbCrawlState store = RocksDbCrawlState.open(parent, 16 << 20, 4 << 20);
        CrawlState local = path.equals("bulk") ? store : new PerRecord(store);
        double loadBefore = loadAverage();
        long cpu = threadCpu();
        long processCpu = processCpu();
        long start = System.nanoTime();
        try (KafkaCrawlState state = new KafkaCrawlState(
                local,
                topic,
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
                Map.of("bootstrap.servers", servers),
                Duration.ofMinutes(30),
                new SimpleMeterRegistry(),
                BrokerWaits.of(BrokerWaits.DEFAULT_THRESHOLD, new SimpleMeterRegistry()))) {
            state.load();
            double seconds = (System.nanoTime() - start) / 1e9;
            double threadMicros = (threadCpu() - cpu) / 1e3 / urls;
            double processMicros = (processCpu() - processCpu) / 1e3 / urls;
            int expected = urls - urls / 100;
            if (state.size() != expected || state.mark("site-7").isEmpty()) {
                throw new IllegalStateException("restored " + state.size() + " states, expected " + expected);
            }
            if (print) {
                System.out.printf(
                        "%-10s %,9d URLs (%,d records): restored in %6.1f s = %,7.0f states/s; CPU per state: restoring"
                                + " thread %.1f µs, process %.1f µs; disk %.0f MiB; load average %.1f → %.1f%n",
                        path,
                        urls,
                        urls + urls / 50 + SITES,
                        seconds,
                        urls / seconds,
                        threadMicros,
                        processMicros,
                        store.diskBytes() / 1048576.0,
                        loadBefore,
                        loadAverage());
            }
        }
    }

    /** A new compacted topic with {@code urls} states, 1 % of them then moved and 1 % removed, and the marks. */
    private static String fill(String servers, int urls) throws Exception {
        String topic =
                "bench.crawl-state-restore." + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(KafkaCrawlState.topicDeclaration(topic, 3, 1)))
                    .all()
                    .get();
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        servers,
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        256 * 1024),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < urls; i++) {
                producer.send(new ProducerRecord<>(topic, id(i), JSON.writeValueAsBytes(state(i, i % SITES))));
            }
            for (int i = 0; i < urls; i += 100) {
                producer.send(new ProducerRecord<>(topic, id(i), JSON.writeValueAsBytes(state(i, (i + 1) % SITES))));
                producer.send(new ProducerRecord<>(topic, id(i + 1), null));
            }
            for (int s = 0; s < SITES; s++) {
                CrawlMark mark = new CrawlMark("site-" + s, NOW, true);
                producer.send(new ProducerRecord<>(topic, "site:" + mark.siteId(), JSON.writeValueAsBytes(mark)));
            }
            producer.flush();
        }
        return topic;
    }

    private static String url(int i) {
        return "http://www.site-" + (i % SITES) + ".gov.test/xxgk/2023" + (i % 12 + 10) + "/t202311" + (i % 28 + 10)
                + "_" + i + ".html";
    }

    private static String id(int i) {
        return NoticeIds.fromUrl(url(i));
    }

    private static UrlState state(int i, int site) {
        return CrawlStateBenchmark.state(url(i), i, site);
    }

    private static long threadCpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The store without its bulk path: the restore puts and removes one record at a time, as before. */
    private static final class PerRecord extends ForwardingCrawlState {
        PerRecord(RocksDbCrawlState store) {
            super(store);
        }
    }

    private CrawlStateRestoreBenchmark() {}
}
