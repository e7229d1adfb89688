package org.gongkai.ingest.crawl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One restore of {@link KafkaCrawlState}'s local store: reads the state topic from the beginning to the end offsets
 * it has when the restore starts, into the store, counting into a {@link RestoreProgress} and logging progress every
 * 10 s. A {@link BulkRestorable} store takes each poll's notice records in one call with their bytes as read; other
 * records (crawl marks, host pauses) and other stores go through {@code apply}, one decoded record at a time.
 *
 * <p>Used once, by the thread that loads; fails with {@link IllegalStateException} (topic missing or unreadable,
 * not read within the timeout) or {@link InterruptedException}, recorded in the progress.
 */
final class StateTopicRestore {

    private static final Logger log = LoggerFactory.getLogger(StateTopicRestore.class);
    private static final int POLL_RECORDS = 5_000;
    private static final int PARTITION_FETCH_BYTES = 4 << 20;
    private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(10);

    private final String topic;
    private final Map<String, Object> consumerProperties;
    private final Duration timeout;
    private final CrawlState local;
    private final RestoreProgress progress;
    private final Consumer<ConsumerRecord<String, byte[]>> apply;

    StateTopicRestore(
            String topic,
            Map<String, Object> consumerProperties,
            Duration timeout,
            CrawlState local,
            RestoreProgress progress,
            Consumer<ConsumerRecord<String, byte[]>> apply) {
        this.topic = topic;
        this.consumerProperties = consumerProperties;
        this.timeout = timeout;
        this.local = local;
        this.progress = progress;
        this.apply = apply;
    }

    /**
     * The restore consumer's settings: the whole topic is read at once, so large polls and fetches (the consumer's
     * 500 records and 1 MiB per partition are made for steady consumption).
     */
    static void configure(Map<String, Object> consumerProperties) {
        consumerProperties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, POLL_RECORDS);
        consumerProperties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, PARTITION_FETCH_BYTES);
    }

    /** Restores; returns the consumer, positioned at the end offsets, for the caller to follow the topic or close. */
    KafkaConsumer<String, byte[]> run() throws InterruptedException {
        progress.started();
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties);
        BulkRestorable bulk = local instanceof BulkRestorable b ? b : null;
        boolean done = false;
        try {
            long records = readToEnd(consumer, bulk);
            if (bulk != null) {
                bulk.endRestore(true); // the compaction is part of the restore
                bulk = null;
            }
            progress.finished();
            RestoreProgress.Snapshot end = progress.snapshot();
            log.info(
                    "crawl state: {} notices from {} records of {} in {} ms ({} records/s)",
                    local.size(),
                    records,
                    topic,
                    end.elapsed().toMillis(),
                    Math.round(end.ratePerSecond()));
            done = true;
            return consumer;
        } catch (KafkaException e) {
            progress.failed(e.toString());
            throw new IllegalStateException("cannot read crawl state topic " + topic + ": " + e, e);
        } catch (RuntimeException | InterruptedException e) {
            progress.failed(e.toString());
            throw e;
        } finally {
            if (bulk != null) {
                bulk.endRestore(false);
            }
            if (!done) {
                consumer.close();
            }
        }
    }

    private long readToEnd(KafkaConsumer<String, byte[]> consumer, BulkRestorable bulk) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        // A topic declared at start-up may not be in the metadata yet: ask again until the deadline.
        while (infos == null || infos.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("crawl state topic " + topic + " does not exist");
            }
            TimeUnit.MILLISECONDS.sleep(500);
            infos = consumer.partitionsFor(topic, timeout);
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
        progress.expect(
                partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum());
        if (bulk != null) {
            bulk.beginRestore();
        }
        long records = 0;
        long nextLog = System.nanoTime() + PROGRESS_LOG_INTERVAL.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (Thread.interrupted()) {
                throw new InterruptedException("loading crawl state");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("crawl state topic " + topic + " not read within " + timeout
                        + " (state.load-timeout): " + records + " records read");
            }
            ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
            if (bulk != null) {
                restore(bulk, batch);
            } else {
                batch.forEach(apply);
            }
            records += batch.count();
            progress.read(batch.count());
            if (System.nanoTime() > nextLog) {
                nextLog = System.nanoTime() + PROGRESS_LOG_INTERVAL.toNanos();
                RestoreProgress.Snapshot now = progress.snapshot();
                log.info(
                        "crawl state: restoring from {}: {} of at most {} records ({} records/s)",
                        topic,
                        now.records(),
                        now.total(),
                        Math.round(now.ratePerSecond()));
            }
        }
        return records;
    }

    /**
     * One poll's records into the store in one batch; the crawl marks and host pauses (few, kept on the heap) one by
     * one.
     */
    private void restore(BulkRestorable bulk, ConsumerRecords<String, byte[]> batch) {
        List<String> ids = new ArrayList<>(batch.count());
        List<byte[]> values = new ArrayList<>(batch.count());
        for (ConsumerRecord<String, byte[]> record : batch) {
            if (record.key() == null) {
                continue;
            }
            if (StateTopicRecords.isSideRecord(record.key())) {
                apply.accept(record);
            } else {
                ids.add(record.key());
                values.add(record.value());
            }
        }
        if (!ids.isEmpty()) {
            bulk.restore(ids, values);
        }
    }
}
