package org.gongkai.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

/**
 * The physical limits each stage is measured against, run in this JVM with plain clients: the same bytes, the same
 * broker or node, nothing of the services' work. Each returns its wall-clock rate and its CPU time (this JVM's,
 * idle otherwise while a baseline runs).
 */
final class Baselines {

    /** Items done, wall seconds, CPU seconds of this JVM (and of the server it loads, where measured, else 0). */
    record Run(long items, double wallSeconds, double cpuSeconds, double serverCpuSeconds) {
        Run(long items, double wallSeconds, double cpuSeconds) {
            this(items, wallSeconds, cpuSeconds, 0);
        }

        double perSecond() {
            return items / wallSeconds;
        }

        double perCoreSecond() {
            return items / cpuSeconds;
        }
    }

    private Baselines() {}

    /**
     * Sends the crawled records' bytes to {@code topic} as the crawler does (acks=all, idempotent, each send's
     * acknowledgement awaited) from {@code threads} threads, one per crawled site.
     */
    static Run rawProducer(String bootstrap, String topic, List<TopicWatcher.Kept> records, int threads)
            throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "warm-up", new byte[1])).get(); // metadata, connection
            double cpu0 = ProcStats.ownCpuSeconds();
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int shard = t;
                done.add(pool.submit(() -> {
                    for (int i = shard; i < records.size(); i += threads) {
                        TopicWatcher.Kept r = records.get(i);
                        producer.send(new ProducerRecord<>(topic, r.key(), r.value()))
                                .get();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return new Run(records.size(), (System.nanoTime() - t0) / 1e9, ProcStats.ownCpuSeconds() - cpu0);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads {@code count} records of {@code topic} from the beginning with a bare consumer (bytes, read_committed). */
    static Run bareConsumer(String bootstrap, String topic, int partitions, long count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            all.forEach(consumer::position);
            double cpu0 = ProcStats.ownCpuSeconds();
            long t0 = System.nanoTime();
            long read = 0;
            long bytes = 0;
            long idleSince = System.nanoTime();
            while (read < count
                    && System.nanoTime() - idleSince < Duration.ofSeconds(30).toNanos()) {
                var records = consumer.poll(Duration.ofMillis(200));
                for (var r : records) {
                    read++;
                    bytes += r.value() == null ? 0 : r.value().length;
                }
                if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                }
            }
            if (bytes < 0) {
                throw new IllegalStateException(); // keeps the byte count (and the reads) alive
            }
            return new Run(read, (System.nanoTime() - t0) / 1e9, ProcStats.ownCpuSeconds() - cpu0);
        }
    }

    /**
     * Loads the documents the service wrote (read back from {@code source} with their external versions) into a
     * new index {@code target} (same template: the service's index pattern) with {@code threads} {@code _bulk}
     * requests of {@code batch} documents in flight, asking only for {@code errors}, as the service does.
     *
     * @param serverCpu   Elasticsearch's CPU seconds so far, read around the timed load only
     * @param requestNanos gets the time each request took (send to answer), so that the mean number of requests in
     *                     flight (their sum ÷ the load's wall time) can be set beside the service's
     */
    static Run rawBulk(
            Elastic es,
            String source,
            String target,
            int threads,
            int batch,
            DoubleSupplier serverCpu,
            LongAdder requestNanos)
            throws Exception {
        List<String> bodies = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        int inBody = 0;
        long docs = 0;
        JsonNode page = es.json(
                "POST", "/" + source + "/_search?scroll=2m", "{\"size\":1000,\"version\":true,\"sort\":[\"_doc\"]}");
        while (page.path("hits").path("hits").size() > 0) {
            for (JsonNode hit : page.path("hits").path("hits")) {
                body.append("{\"index\":{\"_index\":\"")
                        .append(target)
                        .append("\",\"_id\":\"")
                        .append(hit.path("_id").asString())
                        .append("\",\"version\":")
                        .append(hit.path("_version").asLong())
                        .append(",\"version_type\":\"external\"}}\n")
                        .append(Elastic.JSON.writeValueAsString(hit.path("_source")))
                        .append('\n');
                docs++;
                if (++inBody == batch) {
                    bodies.add(body.toString());
                    body.setLength(0);
                    inBody = 0;
                }
            }
            page = es.json(
                    "POST",
                    "/_search/scroll",
                    "{\"scroll\":\"2m\",\"scroll_id\":\""
                            + page.path("_scroll_id").asString() + "\"}");
        }
        if (inBody > 0) {
            bodies.add(body.toString());
        }
        es.send("DELETE", "/_search/scroll/_all", null, null);
        es.send("DELETE", "/" + target, null, null);
        HttpResponse<String> created = es.send("PUT", "/" + target, "{}", "application/json");
        if (created.statusCode() != 200) {
            throw new IllegalStateException("cannot create " + target + ": " + created.body());
        }
        double cpu0 = ProcStats.ownCpuSeconds();
        double server0 = serverCpu.getAsDouble();
        long t0 = System.nanoTime();
        BulkLoader.load(threads, 0, bodies.size(), i -> {
            long sent = System.nanoTime();
            HttpResponse<String> answer =
                    es.send("POST", "/_bulk?filter_path=errors", bodies.get(i), "application/x-ndjson");
            requestNanos.add(System.nanoTime() - sent);
            return answer;
        });
        Run run = new Run(
                docs,
                (System.nanoTime() - t0) / 1e9,
                ProcStats.ownCpuSeconds() - cpu0,
                serverCpu.getAsDouble() - server0);
        es.send("DELETE", "/" + target, null, null);
        return run;
    }
}
