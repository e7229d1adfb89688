package org.gongkai.events.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The watch on a real broker. Retention is made to happen at once with {@code deleteRecords} (it moves the log
 * start offset exactly as the retention of a segment does); record ages come from record timestamps set by the
 * producer, measured against a fixed clock.
 */
class RetentionWatchIT {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static Admin admin;
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void clients() {
        String bootstrap = RealServers.kafkaBootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new StringSerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
        admin.close();
    }

    @Test
    void recordsDeletedBeforeTheGroupReadThemAreCountedOnceAndTheOldestUnreadRecordsAgeIsExported() throws Exception {
        String topic = topic(Map.of("cleanup.policy", "delete", "retention.ms", "3600000"));
        TopicPartition tp = new TopicPartition(topic, 0);
        for (int i = 0; i < 10; i++) {
            // records 0-9 published 40 minutes ago, one second apart
            send(topic, "k" + i, NOW.minus(Duration.ofMinutes(40)).plusSeconds(i));
        }
        String group = "retention-it-" + UUID.randomUUID();
        commit(group, tp, 2);
        admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(5))).all().get();
        MeterRegistry meters = new SimpleMeterRegistry();
        java.util.concurrent.atomic.AtomicInteger consumersMade = new java.util.concurrent.atomic.AtomicInteger();
        RetentionWatch watch = watch(group, meters, consumersMade);

        var first = watch.check().get(topic);
        var second = watch.check().get(topic);
        watch.close();

        assertThat(consumersMade).as("one consumer kept across checks").hasValue(1);

        assertThat(first.expiredRecords()).isEqualTo(3);
        assertThat(second.expiredRecords()).as("counted once").isZero();
        assertThat(meters.get("gongkai.kafka.records.expired")
                        .tags("group", group, "topic", topic)
                        .counter()
                        .count())
                .isEqualTo(3.0);
        // the oldest record the group will read is offset 5, published 40 min ago + 5 s
        assertThat(first.oldestUnconsumedAge()).isEqualTo(Duration.ofMinutes(40).minusSeconds(5));
        assertThat(meters.get("gongkai.kafka.consumer.oldest.unconsumed.age")
                        .tags("group", group, "topic", topic)
                        .gauge()
                        .value())
                .isEqualTo(2395.0);
        assertThat(meters.get("gongkai.kafka.topic.retention.limit")
                        .tags("group", group, "topic", topic)
                        .gauge()
                        .value())
                .isEqualTo(3600.0);
    }

    @Test
    void aCaughtUpGroupHasNoAgeAndACompactedTopicsLimitIsItsDeleteRetention() throws Exception {
        String topic = topic(Map.of("cleanup.policy", "compact", "delete.retention.ms", "600000"));
        TopicPartition tp = new TopicPartition(topic, 0);
        send(topic, "a", NOW.minus(Duration.ofHours(3)));
        send(topic, "a", NOW.minus(Duration.ofHours(2)));
        String group = "retention-it-" + UUID.randomUUID();
        commit(group, tp, 2);
        MeterRegistry meters = new SimpleMeterRegistry();

        var state = watch(group, meters).check().get(topic);

        assertThat(state.expiredRecords()).isZero();
        assertThat(state.oldestUnconsumedAge()).isZero();
        assertThat(state.limit()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aGroupWithoutCommitsHasNothingToWatch() {
        assertThat(watch("retention-it-none-" + UUID.randomUUID(), new SimpleMeterRegistry())
                        .check())
                .isEmpty();
    }

    private static RetentionWatch watch(String group, MeterRegistry meters) {
        return watch(group, meters, new java.util.concurrent.atomic.AtomicInteger());
    }

    private static RetentionWatch watch(
            String group, MeterRegistry meters, java.util.concurrent.atomic.AtomicInteger consumersMade) {
        return new RetentionWatch(
                admin,
                () -> consumersMade.incrementAndGet() < 0
                        ? null
                        : new KafkaConsumer<>(
                                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers()),
                                new ByteArrayDeserializer(),
                                new ByteArrayDeserializer()),
                group,
                CLOCK,
                meters,
                Duration.ofSeconds(10));
    }

    private static String topic(Map<String, String> configs) throws Exception {
        String name = "retention-it-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(configs)))
                .all()
                .get();
        return name;
    }

    private static void send(String topic, String key, Instant timestamp) throws Exception {
        producer.send(new ProducerRecord<>(topic, 0, timestamp.toEpochMilli(), key, "v"))
                .get();
    }

    private static void commit(String group, TopicPartition tp, long offset) throws Exception {
        admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(offset)))
                .all()
                .get();
    }
}
