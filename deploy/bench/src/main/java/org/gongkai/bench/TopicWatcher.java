package org.gongkai.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic on its own thread (all partitions assigned, read_committed, from the beginning or from the end)
 * and counts its records, keeping the first and last record timestamps (the producers' create time) and, when
 * asked, the records themselves. Thread-safe to query while it runs.
 */
public final class TopicWatcher implements AutoCloseable {

    /** A record kept for a baseline: key, value bytes and timestamp. */
    public record Kept(String key, byte[] value, long timestamp) {}

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong last = new AtomicLong();
    private final List<Kept> kept = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param fromEnd  start at the current end (only records produced from now on)
     * @param keep     keep every record's bytes (for a baseline that replays them)
     * @param onRecord called for each record on the watcher's thread, or {@code null}
     */
    public TopicWatcher(
            String bootstrap,
            String topic,
            int partitions,
            boolean fromEnd,
            boolean keep,
            Consumer<ConsumerRecord<String, byte[]>> onRecord) {
        this(bootstrap, topic, partitions, fromEnd, keep, true, null, onRecord);
    }

    /**
     * A watcher from the current end that hands {@code onRecord} each record's key and timestamp only, its value
     * {@code null}: the value is neither copied nor decoded and the batches' checksums are not checked (loopback), so
     * that the harness's own CPU in the end-to-end stage stays small beside what it measures.
     */
    public static TopicWatcher keysFromEnd(
            String bootstrap, String topic, int partitions, Consumer<ConsumerRecord<String, byte[]>> onRecord) {
        return new TopicWatcher(bootstrap, topic, partitions, true, false, false, null, onRecord);
    }

    /**
     * {@link #keysFromEnd}, its fetches held by the broker for {@code maxWait} (a fetch asks for more bytes than come
     * in that time), so that it makes one fetch request each {@code maxWait} instead of one for each produce request
     * (session 11: about half of the broker's fetch requests in the end-to-end stage were the raw watcher's, woken by
     * each of the crawler's small produce requests). For a watcher whose records' own timestamps are what it
     * measures, not the time it reads them.
     */
    public static TopicWatcher keysFromEndEvery(
            String bootstrap,
            String topic,
            int partitions,
            Duration maxWait,
            Consumer<ConsumerRecord<String, byte[]>> onRecord) {
        return new TopicWatcher(bootstrap, topic, partitions, true, false, false, maxWait, onRecord);
    }

    private TopicWatcher(
            String bootstrap,
            String topic,
            int partitions,
            boolean fromEnd,
            boolean keep,
            boolean values,
            Duration maxWait,
            Consumer<ConsumerRecord<String, byte[]>> onRecord) {
        Properties props = new Properties();
        if (maxWait != null) {
            props.putAll(heldFetches(maxWait));
        }
        if (!values) {
            props.put(ConsumerConfig.CHECK_CRCS_CONFIG, false);
        }
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                props, new StringDeserializer(), values ? new ByteArrayDeserializer() : new NoValue());
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        consumer.assign(all);
        if (fromEnd) {
            consumer.seekToEnd(all);
            all.forEach(consumer::position); // resolve now, before anything is produced
        } else {
            consumer.seekToBeginning(all);
        }
        thread = new Thread(
                () -> {
                    try (consumer) {
                        while (running) {
                            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                                count.incrementAndGet();
                                first.accumulateAndGet(r.timestamp(), Math::min);
                                last.accumulateAndGet(r.timestamp(), Math::max);
                                if (keep) {
                                    kept.add(new Kept(r.key(), r.value(), r.timestamp()));
                                }
                                if (onRecord != null) {
                                    onRecord.accept(r);
                                }
                            }
                        }
                    }
                },
                "watch-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    public long count() {
        return count.get();
    }

    /** Seconds between the first and the last record's timestamps (0 before two records). */
    public double spanSeconds() {
        return count.get() < 2 ? 0 : (last.get() - first.get()) / 1000.0;
    }

    /** The latest record timestamp seen (epoch ms), 0 before any. */
    public long lastTimestamp() {
        return last.get();
    }

    public List<Kept> kept() {
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    /**
     * Waits until {@code expected} records were seen, or until nothing new came for {@code idle}.
     *
     * @return the count reached
     */
    public long await(long expected, Duration idle) {
        return await(expected, idle, () -> {});
    }

    /**
     * {@link #await(long, Duration)}, running {@code everyPoll} at each check (every 50 ms) and once at the end, e.g.
     * to sample a {@link SteadyState}.
     */
    public long await(long expected, Duration idle, Runnable everyPoll) {
        long seen = -1;
        long since = System.nanoTime();
        while (count() < expected) {
            long now = count();
            if (now != seen) {
                seen = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > idle.toNanos()) {
                break;
            }
            everyPoll.run();
            ServiceProcess.pause(50);
        }
        everyPoll.run();
        return count();
    }

    /** Consumer settings that make the broker hold each fetch for {@code maxWait}: more bytes asked than will come. */
    static Properties heldFetches(Duration maxWait) {
        Properties props = new Properties();
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) maxWait.toMillis());
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, HELD_FETCH_MIN_BYTES);
        return props;
    }

    /** More than the crawler publishes in a second (~170 notices of ~10 KB), far more than in a held fetch's wait. */
    static final int HELD_FETCH_MIN_BYTES = 16 * 1024 * 1024;

    /** Skips a record's value: the consumer hands its bytes as a buffer, which this neither copies nor reads. */
    private static final class NoValue implements Deserializer<byte[]> {
        @Override
        public byte[] deserialize(String topic, byte[] data) {
            return null;
        }

        @Override
        public byte[] deserialize(String topic, Headers headers, ByteBuffer data) {
            return null;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
