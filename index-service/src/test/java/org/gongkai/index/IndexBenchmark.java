package org.gongkai.index;

import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.locks.LockSupport;
import org.apache.http.HttpHost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.Topics;
import org.gongkai.index.bulk.EnrichedNoticeListener;
import org.gongkai.index.elasticsearch.ElasticsearchClients;
import org.gongkai.index.mapping.IndexBootstrap;
import org.gongkai.index.mapping.IndexNames;
import org.gongkai.index.mapping.IndexTemplate;
import org.gongkai.index.mapping.NoticeDocuments;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Benchmark harness, not a test (its name matches neither {@code *Test} nor {@code *IT}, so builds skip it). Run:
 *
 * <pre>
 * mvn -o verify -pl index-service -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=IndexBenchmark \
 *     -Dgongkai.bench.docs=20000 -Dgongkai.bench.rounds=3
 * </pre>
 *
 * Same documents, same Elasticsearch, one run, in rounds: each round runs (b) a raw {@code _bulk} loader, sending
 * pre-built NDJSON bodies of 500 documents from one thread, then (a) a fresh index-service instance consuming the
 * same notices from {@code notices.enriched} (pre-loaded; timed from partition assignment until its group has
 * committed everything), each into an index of its own. Round 0 only warms up the JVMs (this one's JIT and
 * Elasticsearch's) and is reported but not counted; the ratio (a)/(b) is given per round and as the median. Then the
 * end-to-end latency from producing to {@code notices.enriched} until a search through the read alias finds the
 * notice (p50/p99), at a paced rate with the last instance caught up. Figures go to stdout and
 * {@code target/benchmark.txt}. Options: {@code gongkai.bench.docs} (20000), {@code gongkai.bench.rounds} (3),
 * {@code gongkai.bench.latency-samples} (300), {@code gongkai.bench.service-args} (extra service arguments,
 * space-separated, e.g. {@code --spring.kafka.listener.concurrency=1}).
 */
class IndexBenchmark {

    private static final int BULK = 500;

    @Test
    void run() throws Exception {
        int docs = Integer.getInteger("gongkai.bench.docs", 20_000);
        int rounds = Integer.getInteger("gongkai.bench.rounds", 3);
        int latencySamples = Integer.getInteger("gongkai.bench.latency-samples", 300);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<EnrichedNotice> notices = new ArrayList<>(docs);
        for (int i = 0; i < docs; i++) {
            notices.add(TestNotices.notice(TestNotices.newUrl(), 1));
        }
        StringBuilder report = new StringBuilder();

        var mapper = ElasticsearchClients.jsonpMapper();
        ObjectMapper json = mapper.objectMapper();
        RestClient rest = RestClient.builder(HttpHost.create(RealServers.elasticsearchUrl()))
                .build();
        ElasticsearchClient client = ElasticsearchClients.client(rest, mapper);
        List<byte[]> bodies = new ArrayList<>();
        Instant now = Instant.now();
        for (int from = 0; from < docs; from += BULK) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (EnrichedNotice notice : notices.subList(from, Math.min(docs, from + BULK))) {
                body.write(("{\"index\":{\"_id\":\"" + notice.noticeId() + "\",\"version\":" + notice.version()
                                + ",\"version_type\":\"external\"}}\n")
                        .getBytes(StandardCharsets.UTF_8));
                body.write(json.writeValueAsBytes(NoticeDocuments.of(notice, now)));
                body.write('\n');
            }
            bodies.add(body.toByteArray());
        }
        line(
                report,
                "documents: %d (avg NDJSON bytes per document: %d), rounds: %d after a warm-up round",
                docs,
                bodies.stream().mapToLong(b -> b.length).sum() / docs,
                rounds);

        List<Double> ratios = new ArrayList<>();
        ConfigurableApplicationContext service = null;
        String alias = null;
        try (TestKafka kafka = new TestKafka()) {
            for (int round = 0; round <= rounds; round++) {
                kafka.startGroupAtEnd("bench-" + suffix + "-r" + round);
            }
            long produceStart = System.nanoTime();
            kafka.sendAll(notices);
            line(
                    report,
                    "producing %d events took %.1f s (not timed below)",
                    docs,
                    (System.nanoTime() - produceStart) / 1e9);
            int partitions = kafka.partitions(Topics.ENRICHED).size();

            for (int round = 0; round <= rounds; round++) {
                double rawRate = rawLoad(rest, json, client, "bench-raw-" + suffix + "-r" + round, bodies, docs);
                if (service != null) {
                    service.close();
                }
                String group = "bench-" + suffix + "-r" + round;
                alias = "bench-svc-" + suffix + "-r" + round;
                service = startService(group, alias);
                KafkaListenerEndpointRegistry registry = service.getBean(KafkaListenerEndpointRegistry.class);
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> {
                            var container = registry.getListenerContainer(EnrichedNoticeListener.ID);
                            return container != null
                                    && container.getAssignedPartitions() != null
                                    && container.getAssignedPartitions().size() == partitions;
                        });
                long serviceStart = System.nanoTime();
                kafka.awaitCaughtUp(group, Duration.ofMinutes(30));
                double serviceRate = docs / ((System.nanoTime() - serviceStart) / 1e9);
                double ratio = serviceRate / rawRate;
                line(
                        report,
                        "round %d%s: (b) raw _bulk %.0f docs/s, (a) index-service %.0f docs/s, (a)/(b) = %.2f",
                        round,
                        round == 0 ? " (warm-up)" : "",
                        rawRate,
                        serviceRate,
                        ratio);
                if (round > 0) {
                    ratios.add(ratio);
                }
            }
            Collections.sort(ratios);
            line(report, "median (a)/(b) = %.2f (target >= 0.9)", ratios.get(ratios.size() / 2));

            // end-to-end latency, produce -> searchable through the read alias, with the last instance
            String searchAlias = alias;
            Map<String, Long> sent = new ConcurrentHashMap<>();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            Thread searcher = new Thread(() -> {
                while (latencies.size() < latencySamples
                        && !Thread.currentThread().isInterrupted()) {
                    List<String> pending = new ArrayList<>(sent.keySet());
                    if (pending.isEmpty()) {
                        Thread.onSpinWait();
                        continue;
                    }
                    try {
                        List<Hit<ObjectNode>> hits = client.search(
                                        s -> s.index(searchAlias)
                                                .size(pending.size())
                                                .source(src -> src.fetch(false))
                                                .query(q -> q.ids(i -> i.values(pending))),
                                        ObjectNode.class)
                                .hits()
                                .hits();
                        long at = System.nanoTime();
                        for (Hit<ObjectNode> hit : hits) {
                            Long start = sent.remove(hit.id());
                            if (start != null) {
                                latencies.add(at - start);
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            searcher.start();
            for (int i = 0; i < latencySamples; i++) {
                EnrichedNotice notice = TestNotices.notice(TestNotices.newUrl(), 1);
                sent.put(notice.noticeId(), System.nanoTime());
                kafka.send(notice);
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // pacing: ~50 events/s
            }
            searcher.join(Duration.ofMinutes(2).toMillis());
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            line(
                    report,
                    "end-to-end latency, notices.enriched -> searchable (%d events at ~50/s, refresh_interval 1s):"
                            + " p50 %d ms, p99 %d ms, max %d ms",
                    sorted.size(),
                    percentile(sorted, 50),
                    percentile(sorted, 99),
                    sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1) / 1_000_000);
        } finally {
            if (service != null) {
                service.close();
            }
            client.close();
        }
        Files.writeString(Path.of("target", "benchmark.txt"), report);
    }

    private static ConfigurableApplicationContext startService(String group, String name) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.main.web-application-type=none",
                "--spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers(),
                "--spring.elasticsearch.uris=" + RealServers.elasticsearchUrl(),
                "--spring.kafka.consumer.group-id=" + group,
                "--gongkai.index.name=" + name));
        String extra = System.getProperty("gongkai.bench.service-args", "").trim();
        if (!extra.isEmpty()) {
            args.addAll(List.of(extra.split("\\s+")));
        }
        return new SpringApplicationBuilder(IndexApplication.class).run(args.toArray(String[]::new));
    }

    /** One run of the raw loader into an index of its own; returns docs/s. */
    private static double rawLoad(
            RestClient rest, ObjectMapper json, ElasticsearchClient client, String name, List<byte[]> bodies, int docs)
            throws Exception {
        IndexNames target = new IndexNames(name, 1);
        new IndexBootstrap(client, target, IndexTemplate.load().forIndex(target, 0)).run();
        long start = System.nanoTime();
        for (byte[] body : bodies) {
            Request request = new Request("POST", "/" + target.writeAlias() + "/_bulk");
            request.setEntity(new ByteArrayEntity(body, ContentType.create("application/x-ndjson")));
            Response response = rest.performRequest(request);
            if (json.readTree(response.getEntity().getContent()).path("errors").asBoolean()) {
                throw new IllegalStateException("raw bulk had errors");
            }
        }
        return docs / ((System.nanoTime() - start) / 1e9);
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1_000_000;
    }

    private static void line(StringBuilder report, String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println("[benchmark] " + text);
        report.append(text).append('\n');
    }
}
