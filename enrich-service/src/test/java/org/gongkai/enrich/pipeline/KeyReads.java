package org.gongkai.enrich.pipeline;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.testsupport.RealServers;

/**
 * The records of one notice key on the real broker, as the transaction tests (BatchTransactionIT, ExactlyOnceIT)
 * read them with either isolation level, and the producer they write raw records with.
 */
final class KeyReads {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private KeyReads() {}

    /** Records of {@code key} in {@code topic}, read from the start with an isolation level, up to its tombstone. */
    static List<ConsumerRecord<String, byte[]>> readUntilTombstone(String topic, String isolation, String key) {
        return read(topic, isolation, key, found -> found.stream().anyMatch(r -> r.value() == null));
    }

    /**
     * Records of {@code key} in {@code topic}, read from the start with an isolation level ({@code read_committed}
     * or {@code read_uncommitted}) in a consumer group of their own, until {@code done} holds (at most 60 s).
     */
    static List<ConsumerRecord<String, byte[]>> read(
            String topic, String isolation, String key, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServers.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "enrich-key-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return done.test(found);
            });
        }
        return found;
    }

    /** A plain producer (acks=all, string keys, byte values) for raw records and tombstones. */
    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServers.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
    }
}
