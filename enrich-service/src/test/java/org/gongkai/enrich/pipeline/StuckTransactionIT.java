package org.gongkai.enrich.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.enrich.Fixtures;
import org.gongkai.events.EventCodec;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An instance killed inside a transaction leaves it open; {@code read_committed} consumers of that partition
 * (index-service) see nothing past it until the transaction times out (up to 15 minutes). The restarted instance has
 * the same transactional ids ({@code gongkai.enrich.instance-id}), so its first transaction fences the dead one's
 * and the broker aborts it at once. The "killed instance" is a producer with the first transactional id of this
 * instance that begins a transaction, writes to {@code notices.enriched} and is closed without a word (a forced
 * close neither commits nor aborts, like kill -9).
 */
@SpringBootTest(
        properties = {
            "logging.level.org.apache.kafka=WARN",
            "spring.kafka.consumer.group-id=enrich-stuck-transaction-it",
            "spring.kafka.consumer.auto-offset-reset=latest"
        })
@DirtiesContext
class StuckTransactionIT {

    private static final String INSTANCE =
            "stuck-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final RawNotice RAW = Fixtures.raw(
            "https://www.donghu.gov.cn/xxgk/202308/t20230803_" + UUID.randomUUID() + ".html",
            "text/html",
            Fixtures.text("fixtures/trs-table.html"));

    private static RecordMetadata stuck;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws Exception {
        RealServers.registerKafka(registry);
        registry.add("gongkai.enrich.instance-id", () -> INSTANCE);
        stuck = leaveATransactionOpen("enrich-service-" + INSTANCE + "-0");
    }

    @Test
    void theRestartedInstanceAbortsTheTransactionItsPredecessorLeftOpen() throws Exception {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> listeners
                                .getListenerContainer(EnrichListener.LISTENER_ID)
                                .getAssignedPartitions()
                                .size()
                        == 6);
        try (KafkaProducer<String, byte[]> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>(
                            Topics.RAW, RAW.noticeId(), EventCodec.instance().write(RAW)))
                    .get(30, TimeUnit.SECONDS);
        }

        // well within the dead transaction's 15-minute timeout
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = committedReader()) {
            TopicPartition partition = new TopicPartition(Topics.ENRICHED, stuck.partition());
            consumer.assign(List.of(partition));
            consumer.seek(partition, stuck.offset());
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> r.value() != null);
            });
        }
        assertThat(seen).allSatisfy(r -> assertThat(r.key()).isEqualTo(RAW.noticeId()));
        assertThat(seen)
                .as("the dead transaction's write is aborted, only the enriched notice is visible")
                .hasSize(1);
        assertThat(EventCodec.instance().readEnriched(seen.get(0).value()).noticeId())
                .isEqualTo(RAW.noticeId());
    }

    private static RecordMetadata leaveATransactionOpen(String transactionalId) throws Exception {
        // the topic as the service declares it (6 partitions), so the enriched notice lands where the dead write did
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(Topics.ENRICHED, 6, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw e;
            }
        }
        KafkaProducer<String, byte[]> dead = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                900_000));
        dead.initTransactions();
        dead.beginTransaction();
        RecordMetadata written = dead.send(new ProducerRecord<>(Topics.ENRICHED, RAW.noticeId(), new byte[] {'{', '}'}))
                .get(30, TimeUnit.SECONDS);
        dead.close(Duration.ZERO);
        return written;
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServers.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
        config.putAll(extra);
        return new KafkaProducer<>(config);
    }

    private static KafkaConsumer<String, byte[]> committedReader() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServers.kafkaBootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
    }
}
