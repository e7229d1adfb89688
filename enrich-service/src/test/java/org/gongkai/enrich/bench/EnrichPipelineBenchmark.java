package org.gongkai.enrich.bench;

import com.ibm.icu.text.Transliterator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.enrich.EnrichApplication;
import org.gongkai.enrich.pipeline.EnrichMetrics;
import org.gongkai.events.EventCodec;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.testsupport.NoticePages;
import org.gongkai.testsupport.RealServers;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * CPU per notice of the whole enrich-service (Kafka listener, event decoding and encoding, extraction, normalisation,
 * classification, the transaction, tracing, metrics) at steady state, against a real broker. A harness, not a test. It
 * starts a broker (test-support's {@link RealServers}: a local Kafka process unless {@code
 * GONGKAI_TEST_KAFKA_BOOTSTRAP_SERVERS} names one), fills {@code notices.raw} with {@code rounds × notices} raw notices
 * made of the real notices' text (about 2,000 characters each, the three page templates of deploy/bench's corpus,
 * test-support's {@link NoticePages}, every fourth page GBK, every tenth a Traditional mirror copy), then starts the
 * service in this JVM (its own configuration, {@code server.port=0}) and reports, for each round of {@code notices}
 * enriched notices, this process's CPU time per notice (the broker runs in its own process; the harness only waits
 * meanwhile), split by thread: the listener's consumer threads, the Kafka clients' network threads, the JIT compilers,
 * GC, and the rest. The rounds after {@code warm-up-rounds} are summed as the steady state (JIT share printed
 * separately). Run from the repository root after building the test class path (see the module README):
 *
 * <pre>
 * java -Xms192m -Xmx192m -XX:+UseSerialGC -Dgongkai.bench.notices=4000 -Dgongkai.bench.rounds=8 \
 *     -cp enrich-service/target/test-classes:enrich-service/target/classes:$(cat enrich-service/target/test-classpath.txt) \
 *     org.gongkai.enrich.bench.EnrichPipelineBenchmark
 * </pre>
 *
 * Options (system properties {@code gongkai.bench.*}): {@code notices} per round (4,000), {@code rounds} (8),
 * {@code warm-up-rounds} (3), {@code real-notices} (../shared/data/real-notices/notices.jsonl, tried from the
 * working directory and its parent), {@code seed} (42), {@code raw-bytes} (false: raw records without {@code rawBody}, as the crawler publishes
 * them by default; true puts the page's bytes in, as before session 6), {@code hold-seconds} (0: how long the service stays up after the
 * last round, to inspect it with {@code jcmd}). Extra service properties go on the command line as
 * {@code --key=value} arguments (e.g. {@code --gongkai.enrich.max-batch=500}). Linux only (per-thread CPU from
 * {@code /proc/self/task}). Figures depend on what else runs on the machine: the load average is printed beside
 * them.
 */
public final class EnrichPipelineBenchmark {

    private static final long TICK_NANOS = 1_000_000_000L / 100; // USER_HZ

    private EnrichPipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        int perRound = Integer.getInteger("gongkai.bench.notices", 4_000);
        int rounds = Integer.getInteger("gongkai.bench.rounds", 8);
        int warmUp = Integer.getInteger("gongkai.bench.warm-up-rounds", 3);
        long seed = Long.getLong("gongkai.bench.seed", 42);
        Path realNotices = BenchPages.realNotices(System.getProperty("gongkai.bench.real-notices"));

        String bootstrap = RealServers.kafkaBootstrapServers();
        int total = perRound * rounds;
        long fillStart = System.nanoTime();
        createRawTopic(bootstrap);
        fill(bootstrap, NoticePages.realNotices(realNotices), total, seed);
        System.out.printf(
                "EnrichPipelineBenchmark: %d raw notices in %s (%d rounds of %d, %d warm-up) in %.1f s; Java %s, %d cores%n",
                total,
                Topics.RAW,
                rounds,
                perRound,
                warmUp,
                (System.nanoTime() - fillStart) / 1e9,
                Runtime.version(),
                Runtime.getRuntime().availableProcessors());

        List<String> appArgs = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--server.port=0",
                "--gongkai.enrich.instance-id=bench",
                "--logging.level.org.apache.kafka=WARN",
                "--gongkai.management.password=bench-operator"));
        appArgs.addAll(List.of(args));
        long startNanos = System.nanoTime();
        Map<String, Long> before = threadCpu();
        try (ConfigurableApplicationContext app =
                SpringApplication.run(EnrichApplication.class, appArgs.toArray(String[]::new))) {
            System.out.printf("service ready in %.1f s%n", (System.nanoTime() - startNanos) / 1e9);
            Counter enriched = app.getBean(MeterRegistry.class)
                    .get(EnrichMetrics.NOTICES)
                    .tag("outcome", "enriched")
                    .counter();
            Map<String, Long> steadyFrom = null;
            long steadyStart = 0;
            for (int round = 1; round <= rounds; round++) {
                long goal = (long) round * perRound;
                long roundStart = System.nanoTime();
                long deadline = roundStart + Duration.ofMinutes(10).toNanos();
                while (enriched.count() < goal) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("round " + round + " did not finish in 10 minutes");
                    }
                    Thread.sleep(20);
                }
                Map<String, Long> now = threadCpu();
                print("round " + round, diff(now, before), perRound, System.nanoTime() - roundStart);
                before = now;
                if (round == warmUp) {
                    steadyFrom = now;
                    steadyStart = System.nanoTime();
                    System.out.println("WARM"); // a profiler may attach now (jcmd <pid> JVMTI.agent_load …)
                }
            }
            if (steadyFrom != null && rounds > warmUp) {
                print(
                        "steady state (rounds " + (warmUp + 1) + "-" + rounds + ")",
                        diff(before, steadyFrom),
                        (long) (rounds - warmUp) * perRound,
                        System.nanoTime() - steadyStart);
            }
            System.out.printf(
                    "RSS %d MiB (pid %d)%n",
                    rss() / 1024, ProcessHandle.current().pid());
            // time to look at the process from outside (jcmd <pid> VM.native_memory, GC.heap_info …)
            Thread.sleep(Duration.ofSeconds(Long.getLong("gongkai.bench.hold-seconds", 0))
                    .toMillis());
        }
        System.exit(0);
    }

    private static void print(String label, Map<String, Long> cpu, long notices, long wallNanos) {
        long all = cpu.values().stream().mapToLong(Long::longValue).sum();
        long jit = cpu.getOrDefault("jit", 0L);
        StringBuilder parts = new StringBuilder();
        for (Map.Entry<String, Long> e : cpu.entrySet()) {
            parts.append(String.format(" %s %.0f", e.getKey(), e.getValue() / 1e3 / notices));
        }
        System.out.printf(
                "%s: %d notices in %.1f s: %.0f µs CPU/notice (%.0f notices/s per core), without JIT %.0f µs"
                        + " (%.0f/s per core); by thread µs/notice:%s; load %s%n",
                label,
                notices,
                wallNanos / 1e9,
                all / 1e3 / notices,
                notices / (all / 1e9),
                (all - jit) / 1e3 / notices,
                notices / ((all - jit) / 1e9),
                parts,
                load());
    }

    private static Map<String, Long> diff(Map<String, Long> now, Map<String, Long> before) {
        Map<String, Long> out = new TreeMap<>();
        now.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0L)));
        return out;
    }

    /** CPU time (ns) of this process's threads, grouped by what they do, from /proc/self/task (dead threads lost). */
    private static Map<String, Long> threadCpu() throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close);
                String[] fields = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                out.merge(group(name), ticks * TICK_NANOS, Long::sum);
            }
        }
        return out;
    }

    private static String group(String thread) {
        if (thread.contains("CompilerThre")) {
            return "jit";
        }
        if (thread.startsWith("GC ") || thread.startsWith("VM Thread") || thread.startsWith("G1")) {
            return "gc+vm";
        }
        if (thread.startsWith("enrich-")) {
            return "listener";
        }
        if (thread.startsWith("kafka-producer")) {
            return "producer-io";
        }
        return "other";
    }

    private static String load() {
        return String.format(
                "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** {@code notices.raw} as the services declare it (6 partitions by default), unless it exists already. */
    private static void createRawTopic(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (!admin.listTopics().names().get().contains(Topics.RAW)) {
                admin.createTopics(List.of(new NewTopic(Topics.RAW, 6, (short) 1)
                                .configs(Map.of("max.message.bytes", "16777216"))))
                        .all()
                        .get();
            }
        }
    }

    /** Publishes {@code count} raw notices as ingest-service would (JSON value, trace id header). */
    private static void fill(String bootstrap, List<JsonNode> real, int count, long seed) {
        // the crawler's default (gongkai.ingest.publish.raw-bytes off) leaves the page's bytes out
        boolean rawBytes = Boolean.getBoolean("gongkai.bench.raw-bytes");
        Random random = new Random(seed);
        Transliterator toTraditional = Transliterator.getInstance("Simplified-Traditional");
        Charset gbk = Charset.forName("GB18030");
        List<String> bodies = real.stream().map(n -> n.path("body").asString()).toList();
        String run = Long.toString(System.currentTimeMillis(), 36);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class))) {
            String previous = null;
            for (int i = 0; i < count; i++) {
                String url;
                String html;
                boolean isGbk = false;
                if (i % 10 == 9 && previous != null) {
                    url = "https://www.bench" + (i % 4) + ".gov.cn/fanti/" + run + "/t" + i + ".html";
                    html = toTraditional.transliterate(previous.replace("charset=gbk", "charset=utf-8"));
                } else {
                    isGbk = i % 4 == 1;
                    url = "https://www.bench" + (i % 4) + ".gov.cn/xxgk/" + run + "/t" + i + ".html";
                    html = page(i, random, real, bodies, isGbk ? "gbk" : "utf-8");
                    previous = html;
                }
                Charset charset = isGbk ? gbk : StandardCharsets.UTF_8;
                RawNotice raw = raw(url, "bench" + (i % 4), html, html.getBytes(charset), charset, i, rawBytes);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                        Topics.RAW, raw.noticeId(), EventCodec.instance().write(raw));
                EventHeaders.stamp(record.headers(), null, "ingest-service", RawNotice.SCHEMA_VERSION);
                producer.send(record);
            }
            producer.flush();
        }
    }

    private static RawNotice raw(
            String url, String site, String html, byte[] bytes, Charset charset, int i, boolean rawBytes) {
        Instant fetchedAt = Instant.parse("2024-05-01T08:00:00Z").plusSeconds(i);
        return new RawNotice(
                RawNotice.SCHEMA_VERSION,
                NoticeIds.fromUrl(url),
                NoticeIds.canonicalUrl(url),
                url,
                site,
                "crawl",
                fetchedAt,
                fetchedAt.toEpochMilli() * 1000,
                200,
                Map.of("content-type", "text/html"),
                "text/html",
                charset.name(),
                "meta",
                html,
                rawBytes ? bytes : null,
                false,
                NoticeIds.sha256Hex(bytes),
                List.of());
    }

    /** A notice page as deploy/bench's corpus makes it: one of three CMS templates around ~2,000 real characters. */
    private static String page(int i, Random random, List<JsonNode> real, List<String> bodies, String charsetName) {
        int start = random.nextInt(real.size());
        return NoticePages.page(
                i, NoticePages.text(i, real.get(start), NoticePages.paragraphs(bodies, start)), charsetName, null);
    }
}
