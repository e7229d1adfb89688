import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.atomic.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.*;
import org.gongkai.servers.LocalKafka;
import com.sun.tools.attach.VirtualMachine;
import javax.management.*;
import javax.management.remote.*;

/**
 * A/B of the local broker's work per notice (docs/benchmarks.md, "Session 10: the broker's JIT" and "Session 11: what
 * the broker spends a notice on"): two or more {@link LocalKafka} brokers (both JIT compilers) side by side in one
 * run, so that each sees the same machine load, each under the same load shaped like the end-to-end stage's: a
 * crawler's producer (idempotent, zstd, linger 5 ms) of real notices at RATE records/s and its crawl-state producer
 * (linger 50 ms, one small record per acknowledged notice, compacted topic); two enrich loops (read_committed
 * consumers with a 256 KB / 100 ms fetch, one transaction a poll, lz4 records twice the size, offsets in the
 * transaction); three index consumers (1 MB / 100 ms, commit a poll); and the harness's two watchers. Prints each
 * broker's CPU (/proc utime + stime) per raw record over each round, and its requests per raw record by type (the
 * broker's JMX {@code kafka.network:type=RequestMetrics,name=RequestsPerSec}, read through the attach API; "ALL"
 * counts Fetch and its subset FetchConsumer both). Not part of the build (measurement scaffolding); run after
 * ./mvnw -DskipTests package -pl deploy/bench -am:
 *
 * <pre>
 *   CP=$(ls $PWD/deploy/bench/target/lib/*.jar | tr '\n' ':')
 *   java -Xmx768m -cp "$CP" deploy/bench/tools/BrokerAb.java "base|;linger10|rawLinger=10" 200 90 50 4
 *   # variants "NAME|key=value,..." (";"-separated), rate/s, warm-up s, round s, rounds. Keys: rawLinger,
 *   # rawCompression, stateLinger, enrichMin, enrichWait, enrichers (1: one enrich loop), ep.&lt;producer config&gt;
 *   # (enrich's producer), indexMin, indexWait, nowatch (no harness watchers)
 * </pre>
 *
 * Session 10's variants (compilers, the raw watcher's fetch wait) are gone: both compilers are what the local run
 * and the benchmark run, and the watcher's wait was rejected.
 */
public class BrokerAb {
    static volatile boolean running = true;

    public static void main(String[] a) throws Exception {
        String[] variants = a[0].split(";"); // e.g. "C1_ONLY|" ; "TIERED|k=v,k=v"
        int rate = Integer.parseInt(a[1]);
        int warm = Integer.parseInt(a[2]);
        int measure = Integer.parseInt(a[3]);
        int rounds = Integer.parseInt(a[4]);
        List<byte[]> notices = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(System.getProperty("notices", "../shared/data/real-notices/notices.jsonl")))) {
            notices.add(l.getBytes());
        }
        Path base = Files.createTempDirectory("brokerab");
        List<LocalKafka> ks = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        List<AtomicLong> raws = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < variants.length; i++) {
            String[] v = variants[i].split("\\|", -1);
            Map<String, String> o = new HashMap<>();
            if (v.length > 1 && !v[1].isBlank()) for (String kv : v[1].split(",")) { String[] x = kv.split("="); o.put(x[0], x[1]); }
            LocalKafka k = LocalKafka.start(base.resolve("k" + i), 0, System.getProperty("java.class.path"),
                    LocalKafka.Compilers.TIERED);
            ks.add(k);
            pids.add(k.pid());
            String bs = k.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bs))) {
                admin.createTopics(List.of(new NewTopic("raw", 6, (short) 1), new NewTopic("enriched", 6, (short) 1),
                        new NewTopic("state", 6, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                        .all().get();
            }
            AtomicLong raw = new AtomicLong();
            raws.add(raw);
            threads.add(start(() -> produce(bs, notices, rate, raw, o)));
            threads.add(start(() -> enrich(bs, "e1", o)));
            if (!"1".equals(o.get("enrichers"))) threads.add(start(() -> enrich(bs, "e2", o)));
            for (int c = 0; c < 3; c++) threads.add(start(() -> index(bs, o)));
            if (!o.containsKey("nowatch")) {
                threads.add(start(() -> watch(bs, "raw", 0)));
                threads.add(start(() -> watch(bs, "enriched", 0)));
            }
        }
        List<MBeanServerConnection> jmx = new ArrayList<>();
        for (long pid : pids) {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            String url = vm.startLocalManagementAgent();
            vm.detach();
            jmx.add(JMXConnectorFactory.connect(new JMXServiceURL(url)).getMBeanServerConnection());
        }
        Thread.sleep(warm * 1000L);
        for (int r = 0; r < rounds; r++) {
            double[] c0 = new double[ks.size()];
            long[] n0 = new long[ks.size()];
            List<Map<String, Long>> q0 = new ArrayList<>();
            for (int i = 0; i < ks.size(); i++) { c0[i] = cpu(pids.get(i)); n0[i] = raws.get(i).get(); q0.add(requests(jmx.get(i))); }
            Thread.sleep(measure * 1000L);
            StringBuilder sb = new StringBuilder("round " + r + " load " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + ":");
            for (int i = 0; i < ks.size(); i++) {
                double c = cpu(pids.get(i)) - c0[i];
                long n = raws.get(i).get() - n0[i];
                sb.append(String.format(" [%s] %d recs %.0f us/rec", variants[i], n, c / n * 1e6));
            }
            System.out.println(sb);
            for (int i = 0; i < ks.size(); i++) {
                Map<String, Long> q1 = requests(jmx.get(i));
                long n = raws.get(i).get() - n0[i];
                StringBuilder rq = new StringBuilder("   [" + variants[i] + "] requests/record:");
                final int ii = i;
                q1.forEach((k, v) -> { long d = v - q0.get(ii).getOrDefault(k, 0L); if (d > 0) rq.append(String.format(" %s %.3f", k, (double) d / n)); });
                System.out.println(rq);
            }
        }
        running = false;
        for (Thread t : threads) t.join(10000);
        for (LocalKafka k : ks) k.stop();
    }

    static Map<String, Long> requests(MBeanServerConnection s) throws Exception {
        Map<String, Long> m = new TreeMap<>();
        for (ObjectName n : s.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
            m.merge(n.getKeyProperty("request"), (Long) s.getAttribute(n, "Count"), Long::sum);
        }
        long total = m.values().stream().mapToLong(Long::longValue).sum();
        m.put("ALL", total);
        return m;
    }

    static Thread start(Runnable r) { Thread t = new Thread(r); t.setDaemon(true); t.start(); return t; }

    static double cpu(long pid) throws Exception {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    static void produce(String bs, List<byte[]> notices, int rate, AtomicLong count, Map<String, String> o) {
        Map<String, Object> p = new HashMap<>(Map.of("bootstrap.servers", bs, "acks", "all", "enable.idempotence", true,
                "compression.type", o.getOrDefault("rawCompression", "zstd"), "linger.ms", Integer.parseInt(o.getOrDefault("rawLinger", "5")), "max.request.size", 16777216));
        Map<String, Object> sp = new HashMap<>(p);
        sp.put("linger.ms", Integer.parseInt(o.getOrDefault("stateLinger", "50")));
        try (var prod = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
                var state = new KafkaProducer<>(sp, new StringSerializer(), new ByteArraySerializer())) {
            long t0 = System.nanoTime();
            long i = 0;
            while (running) {
                long due = t0 + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) try { Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); } catch (InterruptedException e) { return; }
                String key = "n" + i;
                prod.send(new ProducerRecord<>("raw", key, notices.get((int) (i % notices.size()))),
                        (md, err) -> state.send(new ProducerRecord<>("state", key, ("{\"url\":\"https://example.gov.cn/" + key + "\",\"etag\":\"x\",\"lastSeen\":1796530305398,\"hash\":\"abcdef0123456789\"}").getBytes())));
                i++;
                count.incrementAndGet();
            }
        }
    }

    static void enrich(String bs, String id, Map<String, String> o) {
        Map<String, Object> cp = new HashMap<>(Map.of("bootstrap.servers", bs, "group.id", "enrich", "isolation.level", "read_committed",
                "enable.auto.commit", false, "auto.offset.reset", "earliest", "fetch.min.bytes", Integer.parseInt(o.getOrDefault("enrichMin", "262144")), "fetch.max.wait.ms", Integer.parseInt(o.getOrDefault("enrichWait", "100"))));
        Map<String, Object> pp = new HashMap<>(Map.of("bootstrap.servers", bs, "acks", "all", "enable.idempotence", true,
                "transactional.id", "enrich-" + id, "batch.size", 262144, "compression.type", "lz4", "linger.ms", 20, "max.request.size", 16777216));
        o.forEach((k, v) -> { if (k.startsWith("ep.")) pp.put(k.substring(3), v); });
        try (var c = new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer());
                var p = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
            p.initTransactions();
            c.subscribe(List.of("raw"));
            while (running) {
                ConsumerRecords<String, byte[]> rs = c.poll(Duration.ofMillis(500));
                if (rs.isEmpty()) continue;
                p.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offs = new HashMap<>();
                for (ConsumerRecord<String, byte[]> r : rs) {
                    byte[] v = new byte[r.value().length * 2];
                    System.arraycopy(r.value(), 0, v, 0, r.value().length);
                    System.arraycopy(r.value(), 0, v, r.value().length, r.value().length);
                    p.send(new ProducerRecord<>("enriched", r.key(), v));
                    offs.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                p.flush();
                p.sendOffsetsToTransaction(offs, c.groupMetadata());
                p.commitTransaction();
            }
        }
    }

    static void index(String bs, Map<String, String> o) {
        Map<String, Object> cp = new HashMap<>(Map.of("bootstrap.servers", bs, "group.id", "index", "isolation.level", "read_committed",
                "enable.auto.commit", false, "auto.offset.reset", "earliest", "fetch.min.bytes", Integer.parseInt(o.getOrDefault("indexMin", "1048576")), "fetch.max.wait.ms", Integer.parseInt(o.getOrDefault("indexWait", "100")),
                "max.poll.records", 500, "max.partition.fetch.bytes", 2097152));
        try (var c = new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of("enriched"));
            while (running) {
                if (!c.poll(Duration.ofMillis(500)).isEmpty()) c.commitSync();
            }
        }
    }

    static void watch(String bs, String topic, int waitMs) {
        Map<String, Object> cp = new HashMap<>(Map.of("bootstrap.servers", bs, "isolation.level", "read_committed",
                "enable.auto.commit", false, "check.crcs", false, "max.partition.fetch.bytes", 16777216));
        if (waitMs > 0) { cp.put("fetch.min.bytes", 8388608); cp.put("fetch.max.wait.ms", waitMs); }
        try (var c = new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < 6; p++) all.add(new TopicPartition(topic, p));
            c.assign(all);
            c.seekToEnd(all);
            while (running) c.poll(Duration.ofMillis(100));
        }
    }
}
