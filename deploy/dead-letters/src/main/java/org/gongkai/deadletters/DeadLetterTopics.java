package org.gongkai.deadletters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads dead-letter topics and sends replays, with plain Kafka clients.
 *
 * <p>Reading takes no consumer group and commits nothing: every partition is read from its first to its end offset
 * as of the start of the read, so a read ends even while dead letters keep arriving. Replaying uses an idempotent
 * producer ({@code acks=all}), so a retried send is not written twice; it returns only when the broker has
 * acknowledged every record, and throws on the first that fails (those sent before it stay sent). Not thread-safe:
 * one instance per command.
 */
public final class DeadLetterTopics implements AutoCloseable {

    /** The contract's record limit ({@code max.message.bytes} of the topics). */
    static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private final Properties client;
    private KafkaProducer<String, byte[]> producer;

    /** @param client Kafka client properties: {@code bootstrap.servers} and any security settings */
    public DeadLetterTopics(Properties client) {
        this.client = client;
    }

    /** Calls {@code each} for every record of {@code topic}, partition by partition, in offset order. */
    public void read(String topic, Consumer<DeadLetter> each) {
        Properties config = new Properties();
        config.putAll(client);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_RECORD_BYTES);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            for (TopicPartition tp : partitions) {
                long end = ends.get(tp);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                while (consumer.position(tp, Duration.ofSeconds(30)) < end) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                        if (record.offset() < end) {
                            each.accept(DeadLetter.of(record));
                        }
                    }
                }
            }
        }
    }

    /** Sends one replay and waits for the broker's acknowledgement. */
    public RecordMetadata send(ProducerRecord<String, byte[]> record) {
        if (producer == null) {
            Properties config = new Properties();
            config.putAll(client);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "gongkai-dead-letters");
            producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying to " + record.topic(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("replay to " + record.topic() + " failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(30));
        }
    }
}
