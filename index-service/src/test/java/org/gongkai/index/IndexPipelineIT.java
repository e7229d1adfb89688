package org.gongkai.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.Topics;
import org.gongkai.events.deadletter.DeadLetterPublisher;
import org.gongkai.index.lifecycle.IndexBootstrapRunner;
import org.gongkai.testsupport.EventSchemas;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service end to end against a real Kafka broker and a real Elasticsearch node: events published to
 * {@code notices.enriched} by a plain Kafka producer, results read back through the {@code notices} alias and
 * from {@code notices.enriched-dlt}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gongkai.management.password=" + TestNotices.OPERATOR_PASSWORD,
            // short pauses so the retry test does not wait for production backoffs
            "gongkai.index.bulk.initial-backoff=100ms",
            "gongkai.index.bulk.max-backoff=400ms",
            "gongkai.index.bulk.max-attempts=4",
            "gongkai.index.redelivery.initial-interval=200ms",
            "gongkai.index.redelivery.max-interval=1s",
            "management.defaults.metrics.export.enabled=true",
            "management.prometheus.metrics.export.enabled=true"
        })
class IndexPipelineIT {

    private static final String PHRASE = "退役军人事务";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KafkaProducer<String, byte[]> producer;
    private static Admin admin;

    @Autowired
    ElasticsearchClient elasticsearch;

    @Autowired
    RestClient restClient;

    @Autowired
    MeterRegistry meters;

    @Autowired
    IndexBootstrapRunner bootstrap;

    @Autowired
    ConsumerFactory<?, ?> consumerFactory;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        RealServers.register(registry);
    }

    @BeforeAll
    static void clients() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers()));
    }

    @AfterAll
    static void closeClients() {
        producer.close();
        admin.close();
    }

    @BeforeEach
    void indexIsReady() {
        await().atMost(WAIT).until(() -> bootstrap.state() == IndexBootstrapRunner.State.READY);
    }

    @Test
    void anEnrichedNoticeBecomesSearchableThroughTheReadAlias() throws Exception {
        EnrichedNotice notice = TestNotices.notice(TestNotices.newUrl(), 1_000);

        send(notice);

        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(search(PHRASE, notice.noticeId())).hasSize(1));
        ObjectNode source = search(PHRASE, notice.noticeId()).get(0).source();
        assertThat(source.path("title").asText()).isEqualTo(TestNotices.TITLE);
        assertThat(source.path("year").asInt()).isEqualTo(2023);
        assertThat(source.path("version").asLong()).isEqualTo(1_000);
        assertThat(source.path("labels").path("索引号").asText()).isEqualTo("ncsdhqtyjrswj--2023-0013");
        assertThat(source.path("indexedAt").asText()).isNotEmpty();
        // a phrase query really checks adjacency: the same characters out of order do not match
        assertThat(search("事务退役军人", notice.noticeId())).isEmpty();
        assertThat(document(notice.noticeId()).version()).isEqualTo(1_000);
    }

    @Test
    void duplicateDeliveryLeavesOneDocument() throws Exception {
        EnrichedNotice notice = TestNotices.notice(TestNotices.newUrl(), 2_000);
        double staleBefore = docs("stale");

        send(notice);
        send(notice);
        awaitConsumed();
        refresh();

        assertThat(elasticsearch
                        .count(c -> c.index("notices")
                                .query(q -> q.term(t -> t.field("noticeId").value(notice.noticeId()))))
                        .count())
                .isEqualTo(1);
        assertThat(document(notice.noticeId()).version()).isEqualTo(2_000);
        assertThat(docs("stale")).isGreaterThan(staleBefore);
    }

    @Test
    void anOlderVersionAfterANewerOneLeavesTheNewer() throws Exception {
        String url = TestNotices.newUrl();
        EnrichedNotice newer = TestNotices.notice(url, 3_002, "关于2023年退役军人事务工作的通知（修订）", "南昌市东湖区退役军人事务局");
        EnrichedNotice older = TestNotices.notice(url, 3_001, "关于2023年退役军人事务工作的通知", "南昌市东湖区退役军人事务局");

        send(newer);
        awaitConsumed();
        send(older);
        awaitConsumed();

        GetResponse<ObjectNode> doc = document(newer.noticeId());
        assertThat(doc.version()).isEqualTo(3_002);
        assertThat(doc.source().path("title").asText()).endsWith("（修订）");
    }

    @Test
    void aTombstoneDeletesTheDocument() throws Exception {
        EnrichedNotice notice = TestNotices.notice(TestNotices.newUrl(), 4_000);
        send(notice);
        await().atMost(WAIT).until(() -> document(notice.noticeId()).found());

        producer.send(new ProducerRecord<>(Topics.ENRICHED, notice.noticeId(), null))
                .get();

        await().atMost(WAIT).until(() -> !document(notice.noticeId()).found());
    }

    @Test
    void aVersionedTombstoneDeletesAndAnOlderReplayDoesNotBringTheNoticeBack() throws Exception {
        String url = TestNotices.newUrl();
        EnrichedNotice v1 = TestNotices.notice(url, 4_101);
        EnrichedNotice v3 = TestNotices.notice(url, 4_103, "关于2023年退役军人事务工作的通知（重新发布）", "南昌市东湖区退役军人事务局");
        send(v1);
        await().atMost(WAIT).until(() -> document(v1.noticeId()).found());

        ProducerRecord<String, byte[]> tombstone = new ProducerRecord<>(Topics.ENRICHED, v1.noticeId(), null);
        tombstone.headers().add("gongkai-version", "4102".getBytes(StandardCharsets.UTF_8));
        producer.send(tombstone).get();
        await().atMost(WAIT).until(() -> !document(v1.noticeId()).found());

        // a replay of the older event (e.g. a consumer group reset) must not resurrect the deleted notice
        send(v1);
        awaitConsumed();
        assertThat(document(v1.noticeId()).found()).isFalse();

        // a newer event does: the notice was published again
        send(v3);
        await().atMost(WAIT).until(() -> document(v3.noticeId()).found());
        assertThat(document(v3.noticeId()).version()).isEqualTo(4_103);
    }

    @Test
    void anEventElasticsearchRejectsGoesToTheDeadLetterTopicAndTheStreamContinues() throws Exception {
        // A mis-parsed metadata table that put a whole page into the publisher: valid by the event schema, but
        // over Lucene's 32766-byte limit for one keyword term.
        String runaway = TestNotices.BODY.repeat(120);
        EnrichedNotice bad = TestNotices.notice(TestNotices.newUrl(), 5_000, TestNotices.TITLE, runaway);
        EnrichedNotice good = TestNotices.notice(TestNotices.newUrl(), 5_001);
        int partition = 2;
        String traceId = EventHeaders.newTraceId();

        send(bad, partition, traceId);
        send(good, partition, EventHeaders.newTraceId());

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(bad.noticeId());
        assertThat(dead.partition()).isEqualTo(partition);
        assertThat(header(dead, DeadLetterPublisher.STAGE)).isEqualTo("index");
        assertThat(header(dead, DeadLetterPublisher.REASON))
                .contains("document_parsing_exception")
                .contains("publisher")
                .containsIgnoringCase("immense term");
        assertThat(header(dead, EventHeaders.TRACE_ID)).isEqualTo(traceId);
        assertThat(header(dead, EventHeaders.PRODUCER)).isEqualTo("index-service");
        assertThat(header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.ENRICHED);
        EnrichedNotice deadEvent = EventCodec.instance().readEnriched(dead.value());
        assertThat(deadEvent.noticeId()).isEqualTo(bad.noticeId());
        assertThat(deadEvent.metadata().publisher()).isEqualTo(runaway);

        await().atMost(WAIT).until(() -> document(good.noticeId()).found());
        assertThat(document(bad.noticeId()).found()).isFalse();
    }

    @Test
    void aMalformedValueGoesToTheDeadLetterTopicAsSentAndTheStreamContinues() throws Exception {
        String key = "badbadbadbad0001";
        byte[] garbage = "{\"schemaVersion\":1,\"noticeId\":\"badbadbadbad0001\",\"title\":\"半截"
                .getBytes(StandardCharsets.UTF_8);
        EnrichedNotice good = TestNotices.notice(TestNotices.newUrl(), 6_000);
        int partition = 4;

        producer.send(new ProducerRecord<>(Topics.ENRICHED, partition, key, garbage))
                .get();
        send(good, partition, EventHeaders.newTraceId());

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(key);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(dead.partition()).isEqualTo(partition);
        assertThat(header(dead, DeadLetterPublisher.REASON)).startsWith("MalformedEventException: ");
        assertThat(header(dead, DeadLetterPublisher.STAGE)).isEqualTo("index");
        assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_FQCN)).isEqualTo(DeserializationException.class.getName());
        await().atMost(WAIT).until(() -> document(good.noticeId()).found());
    }

    @Test
    void aWriteBlockedIndexIsRetriedUntilItAcceptsWritesAndNothingIsDeadLettered() throws Exception {
        EnrichedNotice notice = TestNotices.notice(TestNotices.newUrl(), 7_000);
        double blockedBefore = retries("blocked");
        writeBlock(true);
        try {
            send(notice);
            // The listener retries 3 times (max-attempts=4), gives up, and the error handler redelivers the batch:
            // more retries than one listener call makes prove the hand-over happened without a dead letter.
            await().atMost(WAIT).until(() -> retries("blocked") - blockedBefore >= 5);
            assertThat(document(notice.noticeId()).found()).isFalse();
        } finally {
            writeBlock(false);
        }

        await().atMost(WAIT).until(() -> document(notice.noticeId()).found());
        awaitConsumed();
        assertThat(deadLettersFor(notice.noticeId())).isEmpty();
    }

    @Test
    void theListenersConsumersWaitUpToAHundredMillisecondsForAboutAMegabyteInsteadOfReturningWithTheFirstRecord() {
        // Kafka's defaults (1 byte, 500 ms) answer a fetch with the first record there: at a trickle one _bulk
        // request per notice or two (docs/benchmarks.md, session 9)
        assertThat(consumerFactory.getConfigurationProperties())
                .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        assertThat(listeners.getListenerContainers())
                .isNotEmpty()
                .allSatisfy(container -> assertThat(
                                container.getContainerProperties().getKafkaConsumerProperties())
                        .doesNotContainKeys(
                                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
    }

    @Test
    void readinessIncludesKafkaAndElasticsearchAndMetricsAreScraped() throws Exception {
        send(TestNotices.notice(TestNotices.newUrl(), 8_000));
        awaitConsumed();

        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        JsonNode components = JSON.readTree(readiness.body()).path("components");
        assertThat(components.path("elasticsearch").path("status").asText()).isEqualTo("UP");
        assertThat(components
                        .path("elasticsearch")
                        .path("details")
                        .path("status")
                        .asText())
                .isIn("green", "yellow");
        assertThat(components.path("kafka").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("indexBootstrap").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("readinessState").path("status").asText()).isEqualTo("UP");

        String scrape = get("/actuator/prometheus").body();
        assertThat(scrape)
                .containsPattern("gongkai_index_docs_total\\{[^}]*outcome=\"indexed\"[^}]*} [1-9]")
                .contains("gongkai_index_bulk_latency_seconds_count")
                .contains("gongkai_index_bulk_size_documents_count")
                // consumer lag, from the Kafka consumer's own metrics
                .containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*} [0-9]");
    }

    private void send(EnrichedNotice notice) throws Exception {
        send(notice, null, EventHeaders.newTraceId());
    }

    private void send(EnrichedNotice notice, Integer partition, String traceId) throws Exception {
        byte[] value = EventCodec.instance().write(notice);
        EventSchemas.assertValid(EventSchemas.ENRICHED_NOTICE_V1, value);
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.ENRICHED, partition, notice.noticeId(), value);
        EventHeaders.stamp(record.headers(), traceId, "enrich-service", EnrichedNotice.SCHEMA_VERSION);
        producer.send(record).get();
    }

    private List<Hit<ObjectNode>> search(String phrase, String noticeId) throws Exception {
        return elasticsearch
                .search(
                        s -> s.index("notices")
                                .query(q -> q.bool(b -> b.must(m -> m.matchPhrase(
                                                p -> p.field("body").query(phrase)))
                                        .filter(f ->
                                                f.term(t -> t.field("noticeId").value(noticeId))))),
                        ObjectNode.class)
                .hits()
                .hits();
    }

    private GetResponse<ObjectNode> document(String noticeId) throws Exception {
        return elasticsearch.get(g -> g.index("notices").id(noticeId), ObjectNode.class);
    }

    private void refresh() throws Exception {
        elasticsearch.indices().refresh(r -> r.index("notices"));
    }

    private void writeBlock(boolean on) throws Exception {
        Request request = new Request("PUT", "/notices-v1/_settings");
        request.setJsonEntity("{\"index.blocks.write\": " + (on ? "true" : "null") + "}");
        restClient.performRequest(request);
    }

    /** Waits until the service has committed every record published to notices.enriched so far. */
    private void awaitConsumed() {
        await().atMost(WAIT).untilAsserted(() -> {
            List<TopicPartition> partitions = partitions(Topics.ENRICHED);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("index-service")
                    .partitionsToOffsetAndMetadata()
                    .get();
            for (TopicPartition tp : partitions) {
                long end = ends.get(tp).offset();
                if (end > 0) {
                    assertThat(committed.get(tp))
                            .as("committed offset of %s", tp)
                            .isNotNull();
                    assertThat(committed.get(tp).offset())
                            .as("committed offset of %s", tp)
                            .isEqualTo(end);
                }
            }
        });
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetter(String key) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = deadLetterConsumer()) {
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    /** Every dead letter for {@code key} up to the current end of the topic. */
    private List<ConsumerRecord<String, byte[]>> deadLettersFor(String key) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = deadLetterConsumer()) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
                return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return found;
    }

    private KafkaConsumer<String, byte[]> deadLetterConsumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "index-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = partitions(Topics.ENRICHED_DLT);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static List<TopicPartition> partitions(String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + topic, e);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return EventHeaders.get(record.headers(), name);
    }

    private double docs(String outcome) {
        Counter counter =
                meters.find("gongkai.index.docs").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private double retries(String cause) {
        Counter counter =
                meters.find("gongkai.index.retries").tag("cause", cause).counter();
        return counter == null ? 0 : counter.count();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(10))
                                // health details are the operator's
                                .header("Authorization", TestNotices.operator())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
