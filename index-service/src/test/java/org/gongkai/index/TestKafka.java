package org.gongkai.index;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.Topics;
import org.gongkai.testsupport.RealServers;

/**
 * Kafka side of the integration tests: a producer of enriched events and tombstones, consumer-group offsets, and a
 * scan of the dead-letter topic. Each test class uses its own consumer group, started at the current end of
 * {@code notices.enriched} so it sees only its own records.
 */
public final class TestKafka implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;

    public TestKafka() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers()));
        declareTopics();
    }

    /**
     * Creates the four topics as the contract's auto-configuration does (6 partitions, 16 MiB records) when a test
     * produces before any service started; an existing topic is left alone.
     */
    private void declareTopics() {
        List<NewTopic> topics = List.of(Topics.RAW, Topics.ENRICHED, Topics.RAW_DLT, Topics.ENRICHED_DLT).stream()
                .map(name -> new NewTopic(name, 6, (short) 1).configs(Map.of("max.message.bytes", "16777216")))
                .toList();
        admin.createTopics(topics).values().values().forEach(future -> {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topics", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** Commits {@code group}'s offsets at the current end of {@code notices.enriched} (the group must be idle). */
    public void startGroupAtEnd(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            endOffsets(Topics.ENRICHED).forEach((tp, end) -> offsets.put(tp, new OffsetAndMetadata(end)));
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot set offsets of " + group, e);
        }
    }

    public void send(EnrichedNotice notice) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topics.ENRICHED, notice.noticeId(), EventCodec.instance().write(notice));
        EventHeaders.stamp(
                record.headers(), EventHeaders.newTraceId(), "enrich-service", EnrichedNotice.SCHEMA_VERSION);
        get(record);
    }

    /** Sends all {@code notices} asynchronously and waits until the broker has acknowledged every one. */
    public void sendAll(List<EnrichedNotice> notices) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>(notices.size());
        for (EnrichedNotice notice : notices) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    Topics.ENRICHED, notice.noticeId(), EventCodec.instance().write(notice));
            EventHeaders.stamp(
                    record.headers(), EventHeaders.newTraceId(), "enrich-service", EnrichedNotice.SCHEMA_VERSION);
            sent.add(producer.send(record));
        }
        for (java.util.concurrent.Future<?> future : sent) {
            try {
                future.get();
            } catch (Exception e) {
                throw new IllegalStateException("cannot send", e);
            }
        }
    }

    /** A tombstone, with a {@code gongkai-version} header when {@code version} is not null. */
    public void sendTombstone(String noticeId, Long version) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.ENRICHED, noticeId, null);
        EventHeaders.stamp(
                record.headers(), EventHeaders.newTraceId(), "enrich-service", EnrichedNotice.SCHEMA_VERSION);
        if (version != null) {
            record.headers().add("gongkai-version", Long.toString(version).getBytes());
        }
        get(record);
    }

    private void get(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send " + record.key(), e);
        }
    }

    public Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions(topic).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** Committed offsets of {@code group} on {@code notices.enriched}; partitions without a commit are absent. */
    public Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, Long> committed = new HashMap<>();
        admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get()
                .forEach((tp, o) -> {
                    if (o != null && tp.topic().equals(Topics.ENRICHED)) {
                        committed.put(tp, o.offset());
                    }
                });
        return committed;
    }

    /** Whether {@code group} has committed everything published to {@code notices.enriched} so far. */
    public boolean caughtUp(String group) throws Exception {
        Map<TopicPartition, Long> committed = committed(group);
        return endOffsets(Topics.ENRICHED).entrySet().stream()
                .allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    public void awaitCaughtUp(String group, Duration atMost) {
        await().atMost(atMost).until(() -> caughtUp(group));
    }

    /** Dead letters whose key is in {@code keys}, from the start of the dead-letter topic to its current end. */
    public List<ConsumerRecord<String, byte[]>> deadLetters(Set<String> keys) throws Exception {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "index-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(Topics.ENRICHED_DLT);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = endOffsets(Topics.ENRICHED_DLT);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(record.key())) {
                        found.add(record);
                    }
                }
                return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return found;
    }

    public List<TopicPartition> partitions(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
