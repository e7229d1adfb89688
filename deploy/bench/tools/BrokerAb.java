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

/**
 * Session 10's A/B of the local broker's JVM (docs/benchmarks.md, "Session 10: the broker's JIT"): two or more
 * {@link LocalKafka} brokers side by side in one run, so that each sees the same machine load, each under the same
 * load shaped like the end-to-end stage's: a crawler's producer (idempotent, zstd, linger 5 ms) of real notices at
 * RATE records/s; an enrich loop (read_committed consumer with a 256 KB / 100 ms fetch, one transaction a poll,
 * lz4 records twice the size, offsets in the transaction); three index consumers (1 MB / 100 ms, commit a poll); and
 * the harness's two watchers. Prints each broker's CPU (/proc utime + stime) per raw record over each round.
 * Not part of the build (measurement scaffolding); run after ./mvnw -DskipTests package -pl deploy/bench -am:
 *
 * <pre>
 *   CP=$(ls $PWD/deploy/bench/target/lib/*.jar | tr '\n' ':')
 *   java -Xmx768m -cp "$CP" deploy/bench/tools/BrokerAb.java "C1_ONLY|;TIERED|" 200 120 60 4
 *   # variants ("COMPILERS||raw-watcher fetch wait ms|raw compression"; ";"-separated), rate/s, warm-up s, round s, rounds
 * </pre>
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
            LocalKafka k = LocalKafka.start(base.resolve("k" + i), 0, System.getProperty("java.class.path"),
                    LocalKafka.Compilers.valueOf(v[0]));
            ks.add(k);
            pids.add(k.pid());
            String bs = k.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bs))) {
                admin.createTopics(List.of(new NewTopic("raw", 6, (short) 1), new NewTopic("enriched", 6, (short) 1)))
                        .all().get();
            }
            AtomicLong raw = new AtomicLong();
            raws.add(raw);
            String compression = v.length > 3 ? v[3] : "zstd";
            threads.add(start(() -> produce(bs, notices, rate, raw, compression)));
            threads.add(start(() -> enrich(bs, "e" )));
            for (int c = 0; c < 3; c++) threads.add(start(() -> index(bs)));
            int ww = v.length > 2 ? Integer.parseInt(v[2]) : 0;
            threads.add(start(() -> watch(bs, "raw", ww)));
            threads.add(start(() -> watch(bs, "enriched", 0)));
        }
        Thread.sleep(warm * 1000L);
        for (int r = 0; r < rounds; r++) {
            double[] c0 = new double[ks.size()];
            long[] n0 = new long[ks.size()];
            for (int i = 0; i < ks.size(); i++) { c0[i] = cpu(pids.get(i)); n0[i] = raws.get(i).get(); }
            Thread.sleep(measure * 1000L);
            StringBuilder sb = new StringBuilder("round " + r + " load " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + ":");
            for (int i = 0; i < ks.size(); i++) {
                double c = cpu(pids.get(i)) - c0[i];
                long n = raws.get(i).get() - n0[i];
                sb.append(String.format(" [%s] %d recs %.0f us/rec", variants[i], n, c / n * 1e6));
            }
            System.out.println(sb);
        }
        running = false;
        for (Thread t : threads) t.join(10000);
        for (LocalKafka k : ks) k.stop();
    }

    static Thread start(Runnable r) { Thread t = new Thread(r); t.setDaemon(true); t.start(); return t; }

    static double cpu(long pid) throws Exception {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    static void produce(String bs, List<byte[]> notices, int rate, AtomicLong count, String compression) {
        Map<String, Object> p = new HashMap<>(Map.of("bootstrap.servers", bs, "acks", "all", "enable.idempotence", true,
                "compression.type", compression, "linger.ms", 5, "max.request.size", 16777216));
        try (var prod = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            long t0 = System.nanoTime();
            long i = 0;
            while (running) {
                long due = t0 + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) try { Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); } catch (InterruptedException e) { return; }
                prod.send(new ProducerRecord<>("raw", "n" + i, notices.get((int) (i % notices.size()))));
                i++;
                count.incrementAndGet();
            }
        }
    }

    static void enrich(String bs, String id) {
        Map<String, Object> cp = new HashMap<>(Map.of("bootstrap.servers", bs, "group.id", "enrich", "isolation.level", "read_committed",
                "enable.auto.commit", false, "auto.offset.reset", "earliest", "fetch.min.bytes", 262144, "fetch.max.wait.ms", 100));
        Map<String, Object> pp = new HashMap<>(Map.of("bootstrap.servers", bs, "acks", "all", "enable.idempotence", true,
                "transactional.id", "enrich-" + id, "batch.size", 262144, "compression.type", "lz4", "linger.ms", 20, "max.request.size", 16777216));
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

    static void index(String bs) {
        Map<String, Object> cp = new HashMap<>(Map.of("bootstrap.servers", bs, "group.id", "index", "isolation.level", "read_committed",
                "enable.auto.commit", false, "auto.offset.reset", "earliest", "fetch.min.bytes", 1048576, "fetch.max.wait.ms", 100,
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
