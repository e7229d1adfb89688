package org.gongkai.enrich.classify;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link ContinuousTrainer} from its topic and follows the topic's partitions while it runs: every {@code
 * lookEvery} it asks the broker for the topic's partitions ({@link Consumer#listTopics(Duration)}, a request to the
 * broker each time; {@link Consumer#partitionsFor} would answer from the client's metadata cache, refreshed only
 * every {@code metadata.max.age.ms}), assigns any it does not read yet from their beginning beside the others (their
 * positions kept) and says so in one INFO line. Operators add partitions to scale enrich-service and index-service;
 * without this a trainer read them only after a restart (session 19's trial, finding 7).
 *
 * <p><b>Caught up</b>: the trainer has caught up (the waiting reason is logged, {@link WaitingLines}) when a poll
 * brings nothing after one that did <i>and</i> every partition found while running has been read to its end (its
 * {@link Consumer#currentLag lag} is known and 0; unknown until the first fetch from it). So a poll that comes back
 * empty before the new partition's first fetch is not taken for caught up; the backlog of a new partition is read like
 * the topic's at start, with a candidate tried after every poll that brought records.
 *
 * <p>Not thread-safe: the consumer's one thread. Failure semantics: a look that fails (the broker away) is logged once
 * (WARN) until a look succeeds again, and tried again {@code lookEvery} later; reading goes on meanwhile. A failed
 * training run or registry write propagates from {@link #run}.
 */
final class TopicFollower {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

    /** How long one look at the topic's partitions may wait for the broker. */
    static final Duration LOOK_TIMEOUT = Duration.ofSeconds(5);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final Duration lookEvery;
    private final Clock clock;
    private final Set<TopicPartition> catchingUp = new HashSet<>();
    private Instant nextLook;
    private boolean lookFailing;

    /**
     * @param consumer  assigned (manually, {@code read_committed}) the partitions read so far, positions set
     * @param topic     the topic whose new partitions to read
     * @param lookEvery time between two looks at the topic's partitions (the first one {@code lookEvery} from now)
     * @param clock     when a look is due
     */
    TopicFollower(Consumer<String, byte[]> consumer, String topic, Duration lookEvery, Clock clock) {
        if (lookEvery.isNegative() || lookEvery.isZero()) {
            throw new IllegalArgumentException("lookEvery must be positive");
        }
        this.consumer = consumer;
        this.topic = topic;
        this.lookEvery = lookEvery;
        this.clock = clock;
        this.nextLook = clock.instant().plus(lookEvery);
    }

    /**
     * Reads the consumer's records until {@code stop} says so, trying a candidate after the first poll and after
     * every poll that brought records, and looks for new partitions when a look is due. Offsets are not committed:
     * the examples are rebuilt from the beginning of the topic on every start.
     */
    void run(ContinuousTrainer trainer, Duration poll, BooleanSupplier stop) throws IOException {
        ContinuousTrainer.Decision pending = null;
        boolean first = true;
        while (!stop.getAsBoolean()) {
            lookForNewPartitions();
            boolean any = false;
            for (ConsumerRecord<String, byte[]> record : consumer.poll(poll)) {
                trainer.accept(record.key(), record.value());
                any = true;
            }
            if (any || first) {
                pending = trainer.maybeTrain();
                first = false;
            } else if (pending != null && caughtUpWithNewPartitions()) {
                if (!pending.attempted()) {
                    trainer.caughtUp(pending.reason());
                }
                pending = null;
            }
        }
    }

    /**
     * When a look is due: the topic's partitions not assigned yet, now assigned from their beginning (sorted by
     * number); else, or when the look failed, none.
     */
    List<TopicPartition> lookForNewPartitions() {
        Instant now = clock.instant();
        if (now.isBefore(nextLook)) {
            return List.of();
        }
        nextLook = now.plus(lookEvery);
        List<PartitionInfo> listed;
        try {
            listed = consumer.listTopics(LOOK_TIMEOUT).getOrDefault(topic, List.of());
        } catch (KafkaException e) {
            if (!lookFailing) {
                log.warn(
                        "could not look for new partitions of {} ({}); reading goes on, next look in {} s",
                        topic,
                        e.toString(),
                        lookEvery.toSeconds());
            }
            lookFailing = true;
            return List.of();
        }
        lookFailing = false;
        Set<TopicPartition> assigned = consumer.assignment();
        List<TopicPartition> added = listed.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .filter(p -> !assigned.contains(p))
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .toList();
        if (added.isEmpty()) {
            return added;
        }
        List<TopicPartition> all = new ArrayList<>(assigned);
        all.addAll(added);
        consumer.assign(all); // keeps the positions of the partitions already assigned
        consumer.seekToBeginning(added);
        catchingUp.addAll(added);
        log.info(
                "new partitions of {}: {}; reading them from the beginning ({} partitions now)",
                topic,
                added.stream().map(p -> Integer.toString(p.partition())).toList(),
                all.size());
        return added;
    }

    /** Whether every partition found while running has been read to its end (lag known and 0). */
    boolean caughtUpWithNewPartitions() {
        catchingUp.removeIf(p -> {
            OptionalLong lag = consumer.currentLag(p);
            return lag.isPresent() && lag.getAsLong() <= 0;
        });
        return catchingUp.isEmpty();
    }
}
