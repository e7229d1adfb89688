package org.gongkai.enrich.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.enrich.Fixtures;
import org.gongkai.enrich.classify.ModelRegistry;
import org.gongkai.enrich.classify.ReloadableClassifier;
import org.gongkai.enrich.classify.SubjectModel;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.testsupport.EventSchemas;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The pipeline against a real Kafka broker: raw notices in, enriched notices, tombstones and dead letters out.
 * Records are told apart by unique keys, so the test does not depend on topic state left by other tests.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "logging.level.org.apache.kafka=WARN",
            "gongkai.enrich.retry-max-elapsed=20s",
            // the short synthetic fixtures' right candidates score 0.48-0.49 with the shipped model: the wiring is
            // tested here (and that the threshold binds), not the model's confidence
            "gongkai.enrich.classify.first-threshold=0.4",
            "gongkai.management.password=" + EnrichPipelineIT.OPERATOR_PASSWORD
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext // its listener must not share the group with later test contexts
class EnrichPipelineIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String OPERATOR_PASSWORD = "enrich-it-operator";

    private static final Path MODEL_REGISTRY = temporaryRegistry();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        RealServers.registerKafka(registry);
        registry.add("gongkai.enrich.classify.model-registry", MODEL_REGISTRY::toString);
        registry.add("gongkai.enrich.classify.model-refresh", () -> "200ms");
    }

    private static Path temporaryRegistry() {
        try {
            return Files.createTempDirectory("enrich-it-models");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    private BuildProperties build;

    @Autowired
    private ReloadableClassifier classifier;

    @Autowired
    private ConsumerFactory<?, ?> consumerFactory;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @LocalServerPort
    private int port;

    private KafkaProducer<String, byte[]> producer;
    private Collector collector;

    @BeforeAll
    void start() {
        producer = KeyReads.producer();
        collector = new Collector(List.of(Topics.ENRICHED, Topics.RAW_DLT));
    }

    @AfterAll
    void stop() {
        collector.close();
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void rawNoticeComesOutEnriched() throws Exception {
        RawNotice raw = Fixtures.raw(
                "https://www.donghu.gov.cn/xxgk/202308/t20230803_" + UUID.randomUUID() + ".html",
                "text/html",
                Fixtures.text("fixtures/trs-table.html"));
        String trace = EventHeaders.newTraceId();

        RecordMetadata sent = send(raw.noticeId(), EventCodec.instance().write(raw), trace);

        ConsumerRecord<String, byte[]> out = collector.await(Topics.ENRICHED, raw.noticeId());
        assertThat(out.partition()).isEqualTo(sent.partition());
        assertThat(EventHeaders.get(out.headers(), EventHeaders.TRACE_ID)).isEqualTo(trace);
        assertThat(EventHeaders.get(out.headers(), EventHeaders.PRODUCER)).isEqualTo("enrich-service");
        assertThat(EventHeaders.get(out.headers(), EventHeaders.SCHEMA_VERSION)).isEqualTo("1");
        EventSchemas.assertValid(EventSchemas.ENRICHED_NOTICE_V1, out.value());

        EnrichedNotice notice = EventCodec.instance().readEnriched(out.value());
        assertThat(notice.noticeId()).isEqualTo(raw.noticeId());
        assertThat(notice.url()).isEqualTo(raw.url());
        assertThat(notice.version()).isEqualTo(raw.version());
        assertThat(notice.title()).isEqualTo("东湖区人民政府办公室关于印发东湖区2023年城市更新行动实施方案的通知");
        assertThat(notice.metadata().indexNumber()).isEqualTo("014503291/2023-00110");
        assertThat(notice.metadata().publishedAt()).isEqualTo(OffsetDateTime.parse("2023-08-03T11:20+08:00"));
        assertThat(notice.metadata().documentNumberKey()).isEqualTo("东府办发〔2023〕21号");
        assertThat(notice.details().indexNumber().scheme()).isEqualTo("national");
        assertThat(notice.details().identity().basis()).isEqualTo("index_number");
        assertThat(notice.attachments()).isEqualTo(raw.attachments());
        assertThat(notice.enricherVersion()).isEqualTo(build.getVersion()).isNotEqualTo("dev");

        EnrichedNotice.Subject subject = notice.subject();
        assertThat(subject.modelVersion()).isEqualTo(classifier.version()).isNotBlank();
        assertThat(subject.source()).isEqualTo("declared");
        assertThat(subject.first()).isEqualTo("城乡建设、环境保护");
        assertThat(subject.second()).isEqualTo("城市规划");
        assertThat(subject.declared())
                .isEqualTo(new EnrichedNotice.Subject.Declared("城乡建设、环境保护\\城市规划", "exact", "城乡建设、环境保护", "城市规划"));
        assertThat(subject.predicted().first()).isEqualTo("城乡建设、环境保护");
        assertThat(subject.disagreement()).isFalse();
        assertThat(subject.topTerms()).isNotEmpty();
        assertThat(notice.flags()).noneMatch(f -> f.startsWith("subject_"));
    }

    @Test
    void classifyEndpointExplainsAPrediction() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String request = EventCodec.instance()
                .mapper()
                .writeValueAsString(Map.of(
                        "title", "关于开展2023年度生态环境执法大练兵活动的通告",
                        "body", "为进一步提升生态环境执法队伍能力水平，现就开展生态环境执法大练兵活动有关事项通告如下。",
                        "declared", "港澳台工作"));
        HttpRequest.Builder classify = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/classify"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request));
        assertThat(http.send(classify.build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("no classification without the operator")
                .isEqualTo(401);
        String operator = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString(("operator:" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> tooLarge = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/classify"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", operator)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + "字".repeat(400_000) + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).as("a body over 1 MB is refused").isEqualTo(413);
        HttpResponse<String> response =
                http.send(classify.header("Authorization", operator).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = EventCodec.instance().mapper().readTree(response.body());
        JsonNode subject = result.path("subject");
        assertThat(subject.path("first").asString()).isEqualTo("港澳台侨工作");
        assertThat(subject.path("source").asString()).isEqualTo("declared");
        assertThat(subject.path("declared").path("match").asString()).isEqualTo("synonym");
        assertThat(subject.path("predicted").path("first").asString()).isEqualTo("城乡建设、环境保护");
        assertThat(subject.path("modelVersion").asString()).isEqualTo(classifier.version());
        assertThat(subject.path("topTerms").size()).isPositive();
        assertThat(subject.path("topTerms").get(0).path("term").asString()).isNotBlank();
        assertThat(subject.path("disagreement").asBoolean()).isTrue();
        assertThat(result.path("flags").toString()).doesNotContain("subject_disagreement");
    }

    @Test
    void aModelPromotedIntoTheRegistryServesTheNextNoticesWithoutARestart() throws Exception {
        // the shipped weights under a new version: the swap is what is tested, not the model
        String version = "subject-it-" + UUID.randomUUID().toString().substring(0, 8);
        ByteArrayOutputStream artefact = new ByteArrayOutputStream();
        SubjectModel.loadDefault().withVersion(version).write(artefact);
        new ModelRegistry(MODEL_REGISTRY, 3, Clock.systemUTC()).promote(artefact.toByteArray(), "EnrichPipelineIT");

        await().atMost(TIMEOUT).until(() -> classifier.version().equals(version));
        RawNotice raw = Fixtures.raw(
                "https://www.donghu.gov.cn/xxgk/202308/t20230803_" + UUID.randomUUID() + ".html",
                "text/html",
                Fixtures.text("fixtures/trs-table.html"));
        send(raw.noticeId(), EventCodec.instance().write(raw), EventHeaders.newTraceId());

        EnrichedNotice notice = EventCodec.instance()
                .readEnriched(collector.await(Topics.ENRICHED, raw.noticeId()).value());
        assertThat(notice.subject().modelVersion()).isEqualTo(version);
    }

    @Test
    void malformedValueIsDeadLetteredAndTheNextRecordStillFlows() throws Exception {
        String key = "0000" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        byte[] malformed = "{not json".getBytes(StandardCharsets.UTF_8);
        String trace = EventHeaders.newTraceId();

        RecordMetadata bad = send(key, malformed, trace);
        RawNotice good = Fixtures.raw(
                "https://www.donghu.gov.cn/xxgk/202308/t20230803_" + UUID.randomUUID() + ".html",
                "text/plain",
                Fixtures.text("seed/000_dfb611d724c5a3ca.txt"));
        // same key: same partition, so the good record queues behind the bad one
        RecordMetadata next = send(key, EventCodec.instance().write(good), null);
        assertThat(next.partition()).isEqualTo(bad.partition());

        ConsumerRecord<String, byte[]> dead = collector.await(Topics.RAW_DLT, key);
        assertThat(dead.value()).isEqualTo(malformed);
        assertThat(dead.partition()).isEqualTo(bad.partition());
        assertThat(header(dead, "gongkai-dlt-stage")).isEqualTo("enrich");
        assertThat(header(dead, "gongkai-dlt-reason")).contains("MalformedEventException", "not a valid RawNotice");
        assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.RAW);
        assertThat(intHeader(dead, "kafka_dlt-original-partition")).isEqualTo(bad.partition());
        assertThat(longHeader(dead, "kafka_dlt-original-offset")).isEqualTo(bad.offset());
        assertThat(header(dead, "kafka_dlt-exception-fqcn")).isNotBlank();
        assertThat(EventHeaders.get(dead.headers(), EventHeaders.TRACE_ID)).isEqualTo(trace);
        assertThat(dead.headers().headers(EventHeaders.TRACE_ID)).hasSize(1);
        assertThat(EventHeaders.get(dead.headers(), EventHeaders.PRODUCER)).isEqualTo("enrich-service");

        ConsumerRecord<String, byte[]> out = collector.await(Topics.ENRICHED, key);
        EnrichedNotice notice = EventCodec.instance().readEnriched(out.value());
        assertThat(notice.noticeId()).isEqualTo(good.noticeId());
        assertThat(notice.metadata().indexNumber()).isEqualTo("ncsdhqtyjrswj--2023-0013");
        assertThat(notice.subject().modelVersion()).isEqualTo(classifier.version());
        assertThat(EventHeaders.get(out.headers(), EventHeaders.TRACE_ID))
                .as("a new trace id when the raw record had none")
                .isNotBlank();
        assertThat(collector.all(Topics.RAW_DLT, key)).hasSize(1);
    }

    @Test
    void aNearLimitRecordIsDeadLetteredWithItsValueInsteadOfBeingRedeliveredForEver() throws Exception {
        String key = "3333" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        // not JSON, 4 KiB under the topic's limit: the dead letter's headers with the stack trace would not fit
        byte[] malformed = new byte[16 * 1024 * 1024 - 4 * 1024];
        java.util.Arrays.fill(malformed, (byte) 'x');
        String trace = EventHeaders.newTraceId();
        RecordMetadata bad;
        try (KafkaProducer<String, byte[]> large = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServers.kafkaBootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                16 * 1024 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class))) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.RAW, key, malformed);
            EventHeaders.stamp(record.headers(), trace, "ingest-service", RawNotice.SCHEMA_VERSION);
            bad = large.send(record).get(30, TimeUnit.SECONDS);
        }
        // the partition moves on: a tombstone of the same key behind it comes out
        send(key, null, trace);

        ConsumerRecord<String, byte[]> dead = collector.await(Topics.RAW_DLT, key);
        assertThat(dead.value()).isEqualTo(malformed);
        assertThat(header(dead, "gongkai-dlt-reason")).contains("MalformedEventException");
        assertThat(longHeader(dead, "kafka_dlt-original-offset")).isEqualTo(bad.offset());
        assertThat(dead.headers().lastHeader("kafka_dlt-exception-stacktrace")).isNull();
        assertThat(collector.await(Topics.ENRICHED, key).value()).isNull();
        assertThat(collector.all(Topics.RAW_DLT, key)).hasSize(1);
    }

    @Test
    void tombstonePassesThroughAsATombstone() throws Exception {
        String key = "1111" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String trace = EventHeaders.newTraceId();

        send(key, null, trace);

        ConsumerRecord<String, byte[]> out = collector.await(Topics.ENRICHED, key);
        assertThat(out.value()).isNull();
        assertThat(EventHeaders.get(out.headers(), EventHeaders.TRACE_ID)).isEqualTo(trace);
        assertThat(EventHeaders.get(out.headers(), EventHeaders.PRODUCER)).isEqualTo("enrich-service");
    }

    @Test
    void keylessTombstoneIsDeadLetteredNotDropped() throws Exception {
        String trace = EventHeaders.newTraceId();

        RecordMetadata sent = send(null, null, trace);

        ConsumerRecord<String, byte[]> dead = await().atMost(TIMEOUT)
                .until(
                        () -> collector.records(Topics.RAW_DLT).stream()
                                .filter(r -> trace.equals(EventHeaders.get(r.headers(), EventHeaders.TRACE_ID)))
                                .findFirst(),
                        Optional::isPresent)
                .get();
        assertThat(dead.value()).isNull();
        assertThat(header(dead, "gongkai-dlt-reason")).contains("IllegalArgumentException", "tombstone without a key");
        assertThat(header(dead, "gongkai-dlt-stage")).isEqualTo("enrich");
        assertThat(longHeader(dead, "kafka_dlt-original-offset")).isEqualTo(sent.offset());
    }

    @Test
    void theListenersConsumersWaitUpToAHundredMillisecondsForAboutAFullPollInsteadOfReturningWithTheFirstRecord() {
        // Kafka's defaults (1 byte, 500 ms) answer a fetch with the first record there: at a trickle one transaction
        // per notice or two (docs/benchmarks.md, session 9)
        assertThat(consumerFactory.getConfigurationProperties())
                .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        // the container adds only max.poll.records (gongkai.enrich.max-batch) to the factory's settings
        Properties overrides = listeners
                .getListenerContainer(EnrichListener.LISTENER_ID)
                .getContainerProperties()
                .getKafkaConsumerProperties();
        assertThat(overrides)
                .doesNotContainKeys(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
    }

    @Test
    void readinessIncludesKafkaAndMetricsAreScraped() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://localhost:" + port + "/actuator";
        HttpResponse<String> readiness = http.send(
                HttpRequest.newBuilder(URI.create(base + "/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"kafka\"", "\"readinessState\"", "\"UP\"");

        // one notice through the pipeline, then its outcome is on the Prometheus page
        String key = "2222" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        send(key, null, null);
        collector.await(Topics.ENRICHED, key);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            HttpResponse<String> prometheus = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(prometheus.statusCode()).isEqualTo(200);
            assertThat(prometheus.body())
                    .containsPattern("gongkai_enrich_notices_total\\{[^}]*outcome=\"tombstone\"[^}]*} [1-9]")
                    .contains("gongkai_enrich_extraction_seconds", "gongkai_enrich_classification_seconds")
                    // histogram buckets at the boundaries of application.yml (the dashboard's percentiles)
                    .contains(
                            "gongkai_enrich_extraction_seconds_bucket{le=\"0.005\"}",
                            "gongkai_enrich_classification_seconds_bucket{le=\"0.005\"}");
        });
        HttpResponse<String> info = http.send(
                HttpRequest.newBuilder(URI.create(base + "/info")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(info.body()).contains("\"build\"", "\"java\"");
    }

    private RecordMetadata send(String key, byte[] value, String trace) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.RAW, key, value);
        if (trace != null) {
            EventHeaders.stamp(record.headers(), trace, "ingest-service", RawNotice.SCHEMA_VERSION);
        }
        return producer.send(record).get(30, TimeUnit.SECONDS);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return EventHeaders.get(record.headers(), name);
    }

    private static int intHeader(ConsumerRecord<?, ?> record, String name) {
        return java.nio.ByteBuffer.wrap(record.headers().lastHeader(name).value())
                .getInt();
    }

    private static long longHeader(ConsumerRecord<?, ?> record, String name) {
        return java.nio.ByteBuffer.wrap(record.headers().lastHeader(name).value())
                .getLong();
    }

    /** Reads the output topics from the start on its own thread; tests look records up by key. */
    private static final class Collector implements AutoCloseable {

        private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        Collector(List<String> topics) {
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    RealServers.kafkaBootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "enrich-it-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    // only committed transactions: outputs and dead letters are written transactionally
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class));
            consumer.subscribe(topics);
            thread = new Thread(
                    () -> {
                        try (consumer) {
                            while (running) {
                                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                            }
                        }
                    },
                    "enrich-it-collector");
            thread.setDaemon(true);
            thread.start();
        }

        List<ConsumerRecord<String, byte[]>> records(String topic) {
            return records.stream().filter(r -> r.topic().equals(topic)).toList();
        }

        List<ConsumerRecord<String, byte[]>> all(String topic, String key) {
            return new ArrayList<>(
                    records(topic).stream().filter(r -> key.equals(r.key())).toList());
        }

        ConsumerRecord<String, byte[]> await(String topic, String key) {
            return org.awaitility.Awaitility.await()
                    .atMost(TIMEOUT)
                    .until(() -> all(topic, key).stream().findFirst(), Optional::isPresent)
                    .get();
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
