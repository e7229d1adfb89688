package org.gongkai.enrich.classify;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.events.MalformedEventException;

/**
 * Exports the {@code notices.enriched} topic (or any topic of enriched events) as training JSONL: reads every
 * partition from the beginning to the end offsets taken at start, by manual assignment (no consumer group, nothing
 * committed) and {@code read_committed} (aborted enricher transactions are not seen). The latest version per notice
 * wins (highest {@link EnrichedNotice#version()}, the later record on a tie); a tombstone removes what came before
 * it for that key. Malformed records are skipped and counted.
 *
 * <p>Single-threaded, one use per instance of {@link #export}; fails with an {@link IllegalStateException} when
 * the end offsets are not reached within the timeout (broker gone) and with {@link IllegalArgumentException} when
 * the topic does not exist.
 */
public final class EnrichedTopicExport {

    private final String bootstrapServers;
    private final String topic;
    private final Duration timeout;

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param topic            topic of enriched events, normally {@code notices.enriched}
     * @param timeout          upper bound on the whole read
     */
    public EnrichedTopicExport(String bootstrapServers, String topic, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.timeout = timeout;
    }

    /** Outcome of an export: counts plus records skipped as malformed. */
    public record Result(CrawlCorpus.Stats stats, int records, int tombstones, int malformed) {}

    /** Reads the topic and writes one line per labelled notice, in order of first appearance. */
    public Result export(CrawlCorpus corpus, Writer out) throws IOException {
        Map<String, EnrichedNotice> latest = new LinkedHashMap<>();
        int records = 0;
        int tombstones = 0;
        int malformed = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // With read_committed these are the last stable offsets: the export's snapshot.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "end offsets " + end + " of " + topic + " not reached in " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue; // written after the snapshot
                    }
                    records++;
                    if (record.value() == null) {
                        tombstones++;
                        if (record.key() != null) {
                            latest.remove(record.key());
                        }
                        continue;
                    }
                    EnrichedNotice notice;
                    try {
                        notice = EventCodec.instance().readEnriched(record.value());
                    } catch (MalformedEventException | IllegalArgumentException e) {
                        malformed++;
                        continue;
                    }
                    String key = record.key() != null ? record.key() : notice.noticeId();
                    EnrichedNotice previous = latest.get(key);
                    if (previous == null || previous.version() <= notice.version()) {
                        latest.put(key, notice);
                    }
                }
            }
        }
        int labelled = 0;
        for (EnrichedNotice notice : latest.values()) {
            String line = corpus.line(notice);
            if (line != null) {
                out.write(line);
                out.write('\n');
                labelled++;
            }
        }
        out.flush();
        return new Result(
                new CrawlCorpus.Stats(latest.size(), labelled, latest.size() - labelled),
                records,
                tombstones,
                malformed);
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Properties config() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // an export never creates the topic
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gongkai-subject-export");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}
