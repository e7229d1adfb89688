package org.gongkai.events.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one consumer group against its topics' retention, so that records are not lost unnoticed: raw notices
 * deleted by {@code retention.ms} before enrich-service read them, tombstones of the compacted
 * {@code notices.enriched} removed after {@code delete.retention.ms} before index-service read them.
 *
 * <p>Each {@link #check()} reads, per partition the group has committed on: the committed offset, the log start
 * offset and the (committed) end offset, and the timestamp of the first record not yet consumed. It then
 * <ul>
 *   <li>counts records lost to retention, {@code gongkai.kafka.records.expired} ({@code group}, {@code topic}): a
 *       committed offset below the log start offset means the records between them were deleted unread (the
 *       consumer then skips to the log start: {@code auto.offset.reset=earliest}). Each lost offset is counted once,
 *       however often it is seen, and logged as an error;</li>
 *   <li>exports the age of the oldest record not yet consumed, {@code gongkai.kafka.consumer.oldest.unconsumed.age}
 *       (seconds, the maximum over the topic's partitions, 0 when caught up), and the topic's retention limit for
 *       it, {@code gongkai.kafka.topic.retention.limit} (seconds, {@link RetentionLimits}; absent when unlimited), so that an alert fires well before the age reaches the limit.</li>
 * </ul>
 *
 * <p>It needs no group membership: offsets come from the admin client, the first unconsumed record from a consumer
 * without group ({@code assign}/{@code seek}, one fetch per lagging partition). A check that fails (broker away,
 * timeout) is logged and leaves the previous values. {@link #check()} is synchronized; the meters may be read from
 * any thread.
 */
public class RetentionWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RetentionWatch.class);

    private final Admin admin;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final String group;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration timeout;

    private final Map<String, AtomicLong> ages = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> limits = new ConcurrentHashMap<>();
    private final Map<String, Counter> expired = new ConcurrentHashMap<>();
    /** Per partition, the log start offset up to which lost records were already counted. */
    private final Map<TopicPartition, Long> countedUpTo = new HashMap<>();
    /** Guarded by this; made on first use, dropped after a failed check so the next one starts clean. */
    private Consumer<byte[], byte[]> consumer;

    /**
     * @param admin     admin client of the cluster
     * @param consumers makes a byte-array consumer without group ({@code read_committed}); made at the first check
     *                  that needs one and kept for the next (a new client each minute would log its whole
     *                  configuration each time), closed by {@link #close()}
     * @param group     the consumer group to watch
     * @param clock     the time ages are measured against
     * @param meters    where the metrics go
     * @param timeout   bound of each broker request of a check
     */
    public RetentionWatch(
            Admin admin,
            Supplier<Consumer<byte[], byte[]>> consumers,
            String group,
            Clock clock,
            MeterRegistry meters,
            Duration timeout) {
        this.admin = admin;
        this.consumers = consumers;
        this.group = group;
        this.clock = clock;
        this.meters = meters;
        this.timeout = timeout;
    }

    /** What one check found for one topic. */
    public record TopicState(String topic, long expiredRecords, Duration oldestUnconsumedAge, Duration limit) {}

    /**
     * Reads offsets and retention settings and updates the metrics.
     *
     * @return per topic the group has committed on: records newly found lost, the oldest unconsumed record's age and
     *     the retention limit ({@code null} when unlimited)
     * @throws IllegalStateException when the broker does not answer within the timeout
     */
    public synchronized Map<String, TopicState> check() {
        try {
            return checkNow();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("retention check of group " + group + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Map<String, TopicState> checkNow() throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        committed.values().removeIf(java.util.Objects::isNull);
        if (committed.isEmpty()) {
            return Map.of();
        }
        Set<String> topics = new java.util.TreeSet<>();
        committed.keySet().forEach(tp -> topics.add(tp.topic()));
        Map<String, Duration> topicLimits = RetentionLimits.of(admin, topics, timeout);
        Map<TopicPartition, Long> starts = offsets(committed.keySet(), OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = offsets(committed.keySet(), OffsetSpec.latest());

        Map<String, Long> lost = new TreeMap<>();
        Map<String, Long> oldest = new TreeMap<>();
        List<TopicPartition> lagging = new ArrayList<>();
        for (var entry : committed.entrySet()) {
            TopicPartition tp = entry.getKey();
            long position = entry.getValue().offset();
            long start = starts.getOrDefault(tp, 0L);
            long end = ends.getOrDefault(tp, position);
            lost.merge(tp.topic(), 0L, Long::sum);
            oldest.merge(tp.topic(), 0L, Math::max);
            if (position < start) {
                long from = Math.max(position, countedUpTo.getOrDefault(tp, position));
                if (start > from) {
                    lost.merge(tp.topic(), start - from, Long::sum);
                    countedUpTo.put(tp, start);
                    log.error(
                            "Records lost to retention: group {} had committed offset {} on {}, whose log now starts"
                                    + " at {}: {} record(s) deleted before they were consumed (see OPERATIONS.md,"
                                    + " retention)",
                            group,
                            position,
                            tp,
                            start,
                            start - from);
                }
            }
            if (Math.max(position, start) < end) {
                lagging.add(tp);
            }
        }
        long now = clock.millis();
        if (!lagging.isEmpty()) {
            firstUnconsumed(lagging, committed, starts, ends)
                    .forEach((tp, timestamp) -> oldest.merge(tp.topic(), Math.max(0, now - timestamp), Math::max));
        }

        Map<String, TopicState> states = new TreeMap<>();
        for (String topic : topics) {
            long lostNow = lost.getOrDefault(topic, 0L);
            expiredCounter(topic).increment(lostNow);
            long ageMillis = oldest.getOrDefault(topic, 0L);
            ages.computeIfAbsent(
                            topic,
                            t -> gauge(
                                    "gongkai.kafka.consumer.oldest.unconsumed.age",
                                    t,
                                    "Age of the oldest record the group has not consumed yet (0 when caught up)"))
                    .set(ageMillis);
            Duration limit = topicLimits.get(topic);
            if (limit != null) {
                limits.computeIfAbsent(
                                topic,
                                t -> gauge(
                                        "gongkai.kafka.topic.retention.limit",
                                        t,
                                        "How long the topic keeps what the group has not consumed: retention.ms, or"
                                                + " delete.retention.ms (tombstones) when compacted"))
                        .set(limit.toMillis());
            }
            states.put(topic, new TopicState(topic, lostNow, Duration.ofMillis(ageMillis), limit));
        }
        return states;
    }

    /**
     * The timestamp of the first record at or after the group's position on each lagging partition. A partition
     * whose position passes its end without a record (only transaction markers were left: a read_committed group's
     * lag shows 1 on a drained partition) has none. Bounded by the timeout.
     */
    private Map<TopicPartition, Long> firstUnconsumed(
            List<TopicPartition> lagging,
            Map<TopicPartition, OffsetAndMetadata> committed,
            Map<TopicPartition, Long> starts,
            Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> first = new HashMap<>();
        if (consumer == null) {
            consumer = consumers.get();
        }
        boolean done = false;
        try {
            consumer.assign(lagging);
            consumer.resume(lagging);
            for (TopicPartition tp : lagging) {
                consumer.seek(tp, Math.max(committed.get(tp).offset(), starts.getOrDefault(tp, 0L)));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> open = new ArrayList<>(lagging);
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    first.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.timestamp());
                }
                open.removeIf(tp -> first.containsKey(tp) || consumer.position(tp) >= ends.get(tp));
                consumer.pause(lagging.stream().filter(first::containsKey).toList());
            }
            done = true;
        } finally {
            if (!done) {
                close();
            }
        }
        return first;
    }

    /** Closes the watch's consumer (the admin client is the caller's). A later check makes a new one. */
    @Override
    public synchronized void close() {
        if (consumer != null) {
            try {
                consumer.close(Duration.ofSeconds(5));
            } finally {
                consumer = null;
            }
        }
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> answer = admin.listOffsets(
                        request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> result = new HashMap<>();
        answer.forEach((tp, info) -> result.put(tp, info.offset()));
        return result;
    }

    private Counter expiredCounter(String topic) {
        return expired.computeIfAbsent(
                topic,
                t -> Counter.builder("gongkai.kafka.records.expired")
                        .description("Records deleted by retention before the group consumed them")
                        .tag("group", group)
                        .tag("topic", t)
                        .register(meters));
    }

    /** A gauge in seconds backed by a value in milliseconds. */
    private AtomicLong gauge(String name, String topic, String description) {
        AtomicLong millis = new AtomicLong();
        Gauge.builder(name, millis, m -> m.get() / 1000.0)
                .description(description)
                .baseUnit("seconds")
                .tag("group", group)
                .tag("topic", topic)
                .strongReference(true)
                .register(meters);
        return millis;
    }
}
