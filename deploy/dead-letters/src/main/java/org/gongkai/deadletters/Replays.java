package org.gongkai.deadletters;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.gongkai.events.EventHeaders;

/**
 * Turns a dead letter back into the record its source topic had: same topic, key (hence partition) and value, and the
 * headers the pipeline reads (trace id, schema version, producer, a tombstone's {@code gongkai-version}, anything
 * else the source carried). Only the dead-letter headers go ({@code gongkai-dlt-*} and Spring Kafka's
 * {@code kafka_dlt-*}), and {@value #REPLAYED_FROM} names the dead letter, so a replay can be traced in logs and on
 * the topic. Stateless.
 */
public final class Replays {

    /** Header on a replayed record: the dead letter it came from, {@code topic:partition:offset}. */
    public static final String REPLAYED_FROM = EventHeaders.REPLAYED_FROM;

    private Replays() {}

    /**
     * The record to send.
     *
     * @throws NotReplayableException when the dead letter does not name its source topic, or its value was left out
     *                                ({@code gongkai-dlt-value-omitted}: replaying it would publish an empty value)
     */
    public static ProducerRecord<String, byte[]> toSource(DeadLetter letter) {
        if (letter.sourceTopic() == null || letter.sourceTopic().isBlank()) {
            throw new NotReplayableException(letter, "no " + DeadLetter.ORIGINAL_TOPIC + " header");
        }
        if (letter.valueOmitted()) {
            throw new NotReplayableException(
                    letter,
                    "its value was left out (too large for the dead-letter topic); the source is at "
                            + letter.sourceTopic() + ":" + letter.sourcePartition() + ":" + letter.sourceOffset()
                            + " until that topic's retention");
        }
        Headers headers = new RecordHeaders();
        for (Header h : letter.headers()) {
            if (!isDeadLetterHeader(h.key()) && !h.key().equals(REPLAYED_FROM)) {
                headers.add(h);
            }
        }
        headers.add(REPLAYED_FROM, letter.position().getBytes(StandardCharsets.UTF_8));
        // Keyed: the producer's partitioner picks the partition, as it did for the original (it stays right after
        // a partition increase, where the source partition would not). Unkeyed: back where it came from.
        int partition = letter.sourcePartition();
        Integer target = letter.key() != null || partition < 0 ? null : partition;
        return new ProducerRecord<>(letter.sourceTopic(), target, null, letter.key(), letter.value(), headers);
    }

    static boolean isDeadLetterHeader(String name) {
        return name.startsWith("gongkai-dlt-") || name.startsWith("kafka_dlt-");
    }

    /** A dead letter that cannot be put back as it is; the message says why. */
    public static final class NotReplayableException extends RuntimeException {
        public NotReplayableException(DeadLetter letter, String why) {
            super(letter.position() + " cannot be replayed: " + why);
        }
    }
}
