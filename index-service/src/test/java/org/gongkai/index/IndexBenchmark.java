package org.gongkai.index;

import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.http.HttpHost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.Topics;
import org.gongkai.index.consume.EnrichedNoticeListener;
import org.gongkai.index.document.NoticeDocuments;
import org.gongkai.index.elasticsearch.ElasticsearchClients;
import org.gongkai.index.lifecycle.IndexBootstrap;
import org.gongkai.index.lifecycle.IndexTemplate;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Benchmark harness, not a test (its name matches neither {@code *Test} nor {@code *IT}, so builds skip it). Run:
 *
 * <pre>
 * mvn -o verify -pl index-service -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=IndexBenchmark \
 *     -Dgongkai.bench.docs=40000 -Dgongkai.bench.rounds=6
 * </pre>
 *
 * Same documents, same Elasticsearch, same index settings (the service's template), one run. Each round has two
 * phases, each writing the same {@code docs} notices into an empty index (created before the phase, deleted after
 * it, so no phase pays for an earlier one's background merges):
 *
 * <ul>
 *   <li>(a) index-service, production configuration, one instance in this JVM for the whole run (as a long-running
 *       service, its code is JIT-compiled after the warm-up rounds; its Spring start-up is not timed): for each phase
 *       its consumers are stopped, its group's offsets reset to the notices (produced once to
 *       {@code notices.enriched} before the rounds) and its consumers started again; timed from the moment they own
 *       all partitions until the commit that completes the group's offsets (seen by a consumer interceptor, so the
 *       harness polls nothing meanwhile);
 *   <li>(b) a raw {@code _bulk} loader sending pre-built NDJSON bodies (the service's own document serialisation and
 *       action lines with external versions, built before the rounds) of the service's
 *       {@code gongkai.index.bulk.max-documents} operations, from {@code gongkai.bench.raw-threads} threads (default
 *       1: one request at a time), asking only for {@code errors} in the response: the least work a client can give
 *       Elasticsearch for these documents, and nearly no CPU of its own.
 * </ul>
 *
 * The order of the phases alternates between rounds (ABBA: a b, b a, a b, ...) so that neither side always runs on a
 * node that is hotter or busier with the previous phase; before each phase the harness waits (at most 10 s) until
 * Elasticsearch is quiet. The first {@code gongkai.bench.warmup-rounds} rounds (default 3) warm up both JVMs (this
 * one's and Elasticsearch's JIT) and are reported but not counted. Reported per round: docs/s of both and their ratio
 * (a)/(b), the 1-minute load average at the start of each phase, and the CPU time per document of this JVM (service
 * or loader), Elasticsearch and Kafka during each phase; then the medians. Then the end-to-end latency from producing
 * to {@code notices.enriched} until the notice is found, (1) by a real-time {@code _mget} through the write alias
 * (written) and (2) by a search through the read alias (searchable, i.e. after a refresh), at a paced rate. Figures go
 * to stdout and {@code target/benchmark.txt}.
 *
 * <p>Options (system properties): {@code gongkai.bench.docs} (40000), {@code gongkai.bench.rounds} (6, timed; keep it
 * even so both orders count equally), {@code gongkai.bench.warmup-rounds} (3), {@code gongkai.bench.raw-threads} (1),
 * {@code gongkai.bench.latency-samples} (300), {@code gongkai.bench.latency-rate} (50 events/s),
 * {@code gongkai.bench.service-args} (extra service arguments, space-separated, e.g.
 * {@code --spring.kafka.listener.concurrency=1}), {@code gongkai.bench.threads} (true: CPU of this JVM's threads per
 * (a) phase, a diagnostic).
 */
class IndexBenchmark {

    private record Phase(double rate, Cpu cpu, double load, String detail) {}

    /** CPU time in ns of this JVM, Elasticsearch and Kafka (child processes of this JVM, when started locally). */
    private record Cpu(long jvm, long elasticsearch, long kafka) {

        static Cpu now() {
            long es = 0;
            long kafka = 0;
            for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
                long cpu =
                        child.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
                String command = child.info().commandLine().orElse("");
                if (command.contains("org.elasticsearch") || command.contains("/elasticsearch")) {
                    es += cpu;
                } else if (command.contains("kafka")) {
                    kafka += cpu;
                }
            }
            long jvm = ProcessHandle.current()
                    .info()
                    .totalCpuDuration()
                    .map(Duration::toNanos)
                    .orElse(0L);
            return new Cpu(jvm, es, kafka);
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(jvm - earlier.jvm, elasticsearch - earlier.elasticsearch, kafka - earlier.kafka);
        }

        String perDocument(int docs) {
            return String.format(
                    Locale.ROOT,
                    "CPU us/doc: jvm %.0f, es %.0f, kafka %.0f",
                    jvm / 1e3 / docs,
                    elasticsearch / 1e3 / docs,
                    kafka / 1e3 / docs);
        }
    }

    private final StringBuilder report = new StringBuilder();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    /** The one index-service instance. */
    private ConfigurableApplicationContext service;

    /** The service's bulk size (its gongkai.index.bulk.max-documents), which the raw loader uses too. */
    private int batchSize;

    @Test
    void run() throws Exception {
        int docs = Integer.getInteger("gongkai.bench.docs", 40_000);
        int rounds = Integer.getInteger("gongkai.bench.rounds", 6);
        int warmups = Integer.getInteger("gongkai.bench.warmup-rounds", 3);
        int rawThreads = Integer.getInteger("gongkai.bench.raw-threads", 1);
        int latencySamples = Integer.getInteger("gongkai.bench.latency-samples", 300);
        int latencyRate = Integer.getInteger("gongkai.bench.latency-rate", 50);
        List<EnrichedNotice> notices = new ArrayList<>(docs);
        for (int i = 0; i < docs; i++) {
            notices.add(TestNotices.notice(TestNotices.newUrl(), 1));
        }

        var mapper = ElasticsearchClients.jsonpMapper();
        ObjectMapper json = mapper.objectMapper();
        RestClient rest = RestClient.builder(HttpHost.create(RealServers.elasticsearchUrl()))
                .build();
        ElasticsearchClient client = ElasticsearchClients.client(rest, mapper);
        line(
                "machine: %d cores, load average %s; service args: %s",
                Runtime.getRuntime().availableProcessors(),
                loadAverages(),
                System.getProperty("gongkai.bench.service-args", "(none)"));

        List<Double> ratios = new ArrayList<>();
        List<Double> rawRates = new ArrayList<>();
        List<Double> serviceRates = new ArrayList<>();
        List<Double> loads = new ArrayList<>();
        Map<String, List<Double>> cpu = new ConcurrentHashMap<>();
        List<byte[]> bodies = null;
        String group = "bench-" + suffix;
        IndexNames serviceIndex = new IndexNames("bench-svc-" + suffix, 1);
        try (TestKafka kafka = new TestKafka();
                Admin admin = Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers()))) {
            // One long-running instance, as in production: started idle at the end of the topic, then stopped
            // and restarted (consumers only) for each phase with its offsets reset to the benchmark's notices.
            kafka.startGroupAtEnd(group);
            Map<TopicPartition, Long> starts = kafka.endOffsets(Topics.ENRICHED);
            service = startService(group, serviceIndex.base());
            batchSize = service.getBean(IndexProperties.class).bulk().maxDocuments();
            MessageListenerContainer container = service.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer(EnrichedNoticeListener.ID);
            awaitAssigned(container, starts.size());
            container.stop();
            long produceStart = System.nanoTime();
            kafka.sendAll(notices);
            line("producing %d events took %.1f s (not timed)", docs, (System.nanoTime() - produceStart) / 1e9);
            Map<TopicPartition, Long> ends = kafka.endOffsets(Topics.ENRICHED);

            for (int round = 0; round < warmups + rounds; round++) {
                boolean serviceFirst = round % 2 == 0;
                Phase a = null;
                Phase b = null;
                for (int step = 0; step < 2; step++) {
                    if ((step == 0) == serviceFirst) {
                        a = servicePhase(
                                kafka, admin, client, container, group, serviceIndex, round, docs, starts, ends);
                    } else {
                        if (bodies == null) {
                            bodies = bodies(notices, json, batchSize);
                            line(
                                    "raw loader: %d bodies of %d documents (avg %d NDJSON bytes per document),"
                                            + " %d thread(s)",
                                    bodies.size(),
                                    batchSize,
                                    bodies.stream()
                                                    .mapToLong(body -> body.length)
                                                    .sum()
                                            / docs,
                                    rawThreads);
                        }
                        b = rawPhase(rest, client, round, bodies, docs, rawThreads);
                    }
                }
                double ratio = a.rate() / b.rate();
                boolean warmup = round < warmups;
                line(
                        "round %d%s %s: (b) raw %.0f docs/s [%s, load %.1f], (a) service %.0f docs/s [%s, load %.1f;"
                                + " %s], (a)/(b) = %.2f",
                        round,
                        warmup ? " (warm-up)" : "",
                        serviceFirst ? "a,b" : "b,a",
                        b.rate(),
                        b.cpu().perDocument(docs),
                        b.load(),
                        a.rate(),
                        a.cpu().perDocument(docs),
                        a.load(),
                        a.detail(),
                        ratio);
                if (!warmup) {
                    ratios.add(ratio);
                    rawRates.add(b.rate());
                    serviceRates.add(a.rate());
                    loads.add(b.load());
                    loads.add(a.load());
                    addCpu(cpu, "a.jvm", a.cpu().jvm() / 1e3 / docs);
                    addCpu(cpu, "a.es", a.cpu().elasticsearch() / 1e3 / docs);
                    addCpu(cpu, "a.kafka", a.cpu().kafka() / 1e3 / docs);
                    addCpu(cpu, "b.jvm", b.cpu().jvm() / 1e3 / docs);
                    addCpu(cpu, "b.es", b.cpu().elasticsearch() / 1e3 / docs);
                }
            }
            line(
                    "MEDIAN over %d rounds: (a)/(b) = %.2f (target >= 0.9); (b) raw %.0f docs/s, (a) service %.0f"
                            + " docs/s; ratios %s; load average during phases %.1f..%.1f",
                    rounds,
                    median(ratios),
                    median(rawRates),
                    median(serviceRates),
                    ratios.stream()
                            .map(r -> String.format(Locale.ROOT, "%.2f", r))
                            .toList(),
                    Collections.min(loads),
                    Collections.max(loads));
            line(
                    "median CPU us/doc: (a) jvm %.0f + es %.0f + kafka %.0f; (b) jvm %.0f + es %.0f",
                    median(cpu.get("a.jvm")),
                    median(cpu.get("a.es")),
                    median(cpu.get("a.kafka")),
                    median(cpu.get("b.jvm")),
                    median(cpu.get("b.es")));

            latency(kafka, admin, client, container, group, serviceIndex, latencySamples, latencyRate);
        } finally {
            if (service != null) {
                service.close();
            }
            client.close();
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "benchmark.txt"), report);
    }

    /**
     * One (a) phase: the service's index re-created empty, its group's offsets reset to the first benchmark notice,
     * its consumers started; timed from owning all partitions until the last offset is committed.
     */
    private Phase servicePhase(
            TestKafka kafka,
            Admin admin,
            ElasticsearchClient client,
            MessageListenerContainer container,
            String group,
            IndexNames index,
            int round,
            int docs,
            Map<TopicPartition, Long> starts,
            Map<TopicPartition, Long> ends)
            throws Exception {
        resetGroup(admin, group, starts);
        new IndexBootstrap(client, index, IndexTemplate.load().forIndex(index, 0)).run();
        MeterRegistry meters = service.getBean(MeterRegistry.class);
        double resolvedBefore = resolved(meters);
        double indexedBefore = docs(meters, "indexed");
        Timer bulk =
                meters.find("gongkai.index.bulk.latency").tag("result", "ok").timer();
        long bulksBefore = bulk.count();
        double bulkTimeBefore = bulk.totalTime(TimeUnit.MILLISECONDS);
        awaitQuietElasticsearch();
        double load = loadAverage();
        Map<String, Long> threadsStart = THREADS ? threadCpu() : Map.of();
        CountDownLatch committed = CommitWatch.expect(ends);
        long compileStart = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        container.start();
        awaitAssigned(container, ends.size());
        Cpu cpuStart = Cpu.now();
        long start = System.nanoTime();
        // the end: the commit that completes the group's offsets, seen by the consumers' interceptor (no polling)
        if (!committed.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the service did not commit all offsets within 30 minutes");
        }
        long end = CommitWatch.completedAt;
        Cpu cpu = Cpu.now().minus(cpuStart);
        if (THREADS) {
            Map<String, Long> threads = threadCpu();
            StringBuilder text = new StringBuilder();
            threads.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - threadsStart.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> text.append(
                            String.format(Locale.ROOT, " %s=%.0f", e.getKey(), e.getValue() * 10_000.0 / docs)));
            line("  round %d (a) JVM CPU by thread, us/doc:%s", round, text);
        }
        container.stop();
        long bulks = bulk.count() - bulksBefore;
        String detail = String.format(
                Locale.ROOT,
                "%d bulks, mean %.0f ms; JIT %d ms",
                bulks,
                (bulk.totalTime(TimeUnit.MILLISECONDS) - bulkTimeBefore) / Math.max(1, bulks),
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compileStart);
        if (!committed(kafka, group, ends)) {
            throw new IllegalStateException("the group's committed offsets are not at the end");
        }
        double indexed = docs(meters, "indexed") - indexedBefore;
        if (resolved(meters) - resolvedBefore != docs || indexed != docs) {
            throw new IllegalStateException("the service resolved " + (resolved(meters) - resolvedBefore)
                    + " documents, indexed " + indexed + ", expected " + docs);
        }
        deleteIndex(client, index);
        return new Phase(docs / ((end - start) / 1e9), cpu, load, detail);
    }

    /**
     * Consumer interceptor of the benchmarked service (configured through its arguments): notes the moment its
     * consumers' commits complete the expected offsets of all partitions. Static state: one phase at a time.
     */
    public static final class CommitWatch implements ConsumerInterceptor<Object, Object> {

        private static final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();
        private static volatile Map<TopicPartition, Long> expected = Map.of();
        private static volatile CountDownLatch done = new CountDownLatch(0);
        static volatile long completedAt;

        /** Starts watching for {@code offsets}; the latch opens when they are committed. */
        static CountDownLatch expect(Map<TopicPartition, Long> offsets) {
            committed.clear();
            expected = Map.copyOf(offsets);
            done = new CountDownLatch(1);
            return done;
        }

        @Override
        public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
            return records;
        }

        @Override
        public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
            long now = System.nanoTime();
            offsets.forEach((tp, offset) -> committed.merge(tp, offset.offset(), Math::max));
            CountDownLatch latch = done;
            if (latch.getCount() > 0
                    && expected.entrySet().stream()
                            .allMatch(e -> committed.getOrDefault(e.getKey(), -1L) >= e.getValue())) {
                completedAt = now;
                latch.countDown();
            }
        }

        @Override
        public void close() {}

        @Override
        public void configure(Map<String, ?> configs) {}
    }

    /** Sets the (idle) group's offsets; retried while the stopped consumers are still leaving the group. */
    private static void resetGroup(Admin admin, String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> target = new java.util.HashMap<>();
        offsets.forEach((tp, offset) -> target.put(tp, new OffsetAndMetadata(offset)));
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    admin.alterConsumerGroupOffsets(group, target).all().get();
                    return true;
                });
    }

    private static void awaitAssigned(MessageListenerContainer container, int partitions) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!assigned(container, partitions)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service did not get its partitions");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private Phase rawPhase(
            RestClient rest, ElasticsearchClient client, int round, List<byte[]> bodies, int docs, int threads)
            throws Exception {
        IndexNames target = new IndexNames("bench-raw-" + suffix + "-r" + round, 1);
        new IndexBootstrap(client, target, IndexTemplate.load().forIndex(target, 0)).run();
        awaitQuietElasticsearch();
        double load = loadAverage();
        Cpu cpuStart = Cpu.now();
        long start = System.nanoTime();
        if (threads == 1) {
            for (byte[] body : bodies) {
                bulk(rest, target.writeAlias(), body);
            }
        } else {
            AtomicInteger next = new AtomicInteger();
            List<Thread> loaders = new ArrayList<>();
            List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                loaders.add(started(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        try {
                            bulk(rest, target.writeAlias(), bodies.get(i));
                        } catch (Exception e) {
                            failures.add(e);
                            return;
                        }
                    }
                }));
            }
            for (Thread loader : loaders) {
                loader.join();
            }
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
        }
        long end = System.nanoTime();
        Cpu cpu = Cpu.now().minus(cpuStart);
        client.indices().refresh(r -> r.index(target.writeAlias()));
        long count = client.count(c -> c.index(target.writeAlias())).count();
        if (count != docs) {
            throw new IllegalStateException("raw loader indexed " + count + " documents, expected " + docs);
        }
        deleteIndex(client, target);
        return new Phase(docs / ((end - start) / 1e9), cpu, load, "");
    }

    private static void bulk(RestClient rest, String index, byte[] body) throws Exception {
        Request request = new Request("POST", "/" + index + "/_bulk");
        request.addParameter("filter_path", "errors");
        request.setEntity(new ByteArrayEntity(body, ContentType.create("application/x-ndjson")));
        Response response = rest.performRequest(request);
        byte[] answer = response.getEntity().getContent().readAllBytes();
        if (!new String(answer, StandardCharsets.UTF_8).contains("\"errors\":false")) {
            throw new IllegalStateException("raw bulk had errors: " + new String(answer, StandardCharsets.UTF_8));
        }
    }

    /** NDJSON bodies as the service writes them: action line with external version, then the document. */
    private static List<byte[]> bodies(List<EnrichedNotice> notices, ObjectMapper json, int batch) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        Instant now = Instant.now();
        for (int from = 0; from < notices.size(); from += batch) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (EnrichedNotice notice : notices.subList(from, Math.min(notices.size(), from + batch))) {
                body.write(("{\"index\":{\"_id\":\"" + notice.noticeId() + "\",\"version\":" + notice.version()
                                + ",\"version_type\":\"external\"}}\n")
                        .getBytes(StandardCharsets.UTF_8));
                body.write(json.writeValueAsBytes(NoticeDocuments.of(notice, now)));
                body.write('\n');
            }
            bodies.add(body.toByteArray());
        }
        return bodies;
    }

    /**
     * End-to-end latency, the instance idle with its consumers started at the end of the topic: events produced one at a time
     * at {@code rate} per second; one thread looks for them with real-time {@code _mget} through the write alias
     * (written), one with searches through the read alias (searchable, i.e. after a refresh).
     */
    private void latency(
            TestKafka kafka,
            Admin admin,
            ElasticsearchClient client,
            MessageListenerContainer container,
            String group,
            IndexNames index,
            int samples,
            int rate)
            throws Exception {
        String name = index.base();
        resetGroup(admin, group, kafka.endOffsets(Topics.ENRICHED));
        new IndexBootstrap(client, index, IndexTemplate.load().forIndex(index, 0)).run();
        awaitQuietElasticsearch();
        double load = loadAverage();
        container.start();
        awaitAssigned(container, kafka.partitions(Topics.ENRICHED).size());
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> unwritten = new ConcurrentHashMap<>();
        List<Long> searchable = Collections.synchronizedList(new ArrayList<>());
        List<Long> written = Collections.synchronizedList(new ArrayList<>());
        Thread searcher = watcher(searchable, samples, sent, pending -> {
            try {
                return client
                        .search(
                                s -> s.index(name)
                                        .size(pending.size())
                                        .source(src -> src.fetch(false))
                                        .query(q -> q.ids(i -> i.values(pending))),
                                ObjectNode.class)
                        .hits()
                        .hits()
                        .stream()
                        .map(Hit::id)
                        .toList();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread getter = watcher(written, samples, unwritten, pending -> {
            try {
                return client
                        .mget(
                                m -> m.index(name + "-write").ids(pending).source(src -> src.fetch(false)),
                                ObjectNode.class)
                        .docs()
                        .stream()
                        .filter(d -> d.isResult() && d.result().found())
                        .map(d -> d.result().id())
                        .toList();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long pause = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < samples; i++) {
            EnrichedNotice notice = TestNotices.notice(TestNotices.newUrl(), 1);
            long at = System.nanoTime();
            sent.put(notice.noticeId(), at);
            unwritten.put(notice.noticeId(), at);
            kafka.send(notice);
            LockSupport.parkNanos(pause);
        }
        searcher.join(Duration.ofMinutes(2).toMillis());
        getter.join(Duration.ofMinutes(2).toMillis());
        searcher.interrupt();
        getter.interrupt();
        List<Long> w = sorted(written);
        List<Long> s = sorted(searchable);
        line(
                "end-to-end latency (%d events at ~%d/s, refresh_interval 1s, load %.1f): written (real-time get)"
                        + " p50 %d ms, p99 %d ms; searchable p50 %d ms, p99 %d ms, max %d ms",
                s.size(),
                rate,
                load,
                percentile(w, 50),
                percentile(w, 99),
                percentile(s, 50),
                percentile(s, 99),
                s.isEmpty() ? -1 : s.get(s.size() - 1) / 1_000_000);
        container.stop();
        deleteIndex(client, index);
    }

    /** A thread that looks up pending ids until {@code samples} latencies are recorded. */
    private static Thread watcher(
            List<Long> latencies, int samples, Map<String, Long> pending, Function<List<String>, List<String>> find) {
        return started(() -> {
            while (latencies.size() < samples && !Thread.currentThread().isInterrupted()) {
                List<String> ids = new ArrayList<>(pending.keySet());
                if (ids.isEmpty()) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    continue;
                }
                List<String> found = find.apply(ids);
                long at = System.nanoTime();
                for (String id : found) {
                    Long start = pending.remove(id);
                    if (start != null) {
                        latencies.add(at - start);
                    }
                }
            }
        });
    }

    private static Thread started(Runnable task) {
        Thread thread = new Thread(task);
        thread.start();
        return thread;
    }

    private ConfigurableApplicationContext startService(String group, String name) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off",
                "--spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers(),
                "--spring.elasticsearch.uris=" + RealServers.elasticsearchUrl(),
                "--spring.kafka.consumer.group-id=" + group,
                "--gongkai.index.name=" + name,
                "--spring.kafka.consumer.properties[interceptor.classes]=" + CommitWatch.class.getName()));
        String extra = System.getProperty("gongkai.bench.service-args", "").trim();
        if (!extra.isEmpty()) {
            args.addAll(List.of(extra.split("\\s+")));
        }
        return new SpringApplicationBuilder(IndexApplication.class).run(args.toArray(String[]::new));
    }

    private static boolean assigned(MessageListenerContainer container, int partitions) {
        return container != null
                && container.getAssignedPartitions() != null
                && container.getAssignedPartitions().size() == partitions;
    }

    private static boolean committed(TestKafka kafka, String group, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, Long> committed = kafka.committed(group);
        return ends.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private static double resolved(MeterRegistry meters) {
        return meters.find("gongkai.index.docs").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static double docs(MeterRegistry meters, String outcome) {
        Counter counter =
                meters.find("gongkai.index.docs").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void deleteIndex(ElasticsearchClient client, IndexNames names) throws Exception {
        client.indices().delete(d -> d.index(names.index()));
        client.indices().deleteIndexTemplate(d -> d.name(names.template()));
    }

    /**
     * Waits (at most 10 s) until the Elasticsearch process used less than a fifth of a core over the last 200 ms,
     * so a phase does not start while merges or refreshes of the previous one still run.
     */
    private static void awaitQuietElasticsearch() {
        long[] last = {Cpu.now().elasticsearch(), System.nanoTime()};
        try {
            await().atMost(Duration.ofSeconds(10))
                    .pollDelay(Duration.ofMillis(200))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        long cpu = Cpu.now().elasticsearch();
                        long now = System.nanoTime();
                        double share = (double) (cpu - last[0]) / (now - last[1]);
                        last[0] = cpu;
                        last[1] = now;
                        return share < 0.2;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // a busy machine: go on, the load average is reported
        }
    }

    /** Diagnostic: CPU of this JVM's threads per phase ({@code -Dgongkai.bench.threads=true}, Linux only). */
    private static final boolean THREADS = Boolean.getBoolean("gongkai.bench.threads");

    /** CPU clock ticks (1/100 s) of this JVM's threads, summed by thread name with digits dropped. */
    private static Map<String, Long> threadCpu() throws Exception {
        Map<String, Long> ticks = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "#");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (java.io.IOException e) {
                    // thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    private static void addCpu(Map<String, List<Double>> cpu, String key, double value) {
        cpu.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    private static double loadAverage() throws Exception {
        return Double.parseDouble(loadAverages().split(" ")[0]);
    }

    /** The 1, 5 and 15 minute load averages. */
    private static String loadAverages() throws Exception {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static List<Long> sorted(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1_000_000;
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println("[benchmark] " + text);
        report.append(text).append('\n');
    }
}
