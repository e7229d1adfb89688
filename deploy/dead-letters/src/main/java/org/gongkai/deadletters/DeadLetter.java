package org.gongkai.deadletters;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.deadletter.DeadLetterPublisher;

/**
 * One record of a dead-letter topic as the contract's {@code DeadLetterPublisher} wrote it, with its headers read:
 * Gongkai's reason and stage, Spring Kafka's {@code kafka_dlt-original-*} (topic as text, partition and offset as
 * big-endian binary) and the standard {@link EventHeaders}. Immutable apart from the header and value arrays, which
 * are not copied.
 *
 * @param topic     the dead-letter topic
 * @param partition its partition
 * @param offset    its offset
 * @param time      the dead letter's record timestamp (when it was dead-lettered)
 * @param key       the source record's key (the notice id), may be {@code null}
 * @param value     the source record's value, {@code null} for a tombstone
 * @param headers   all headers as stored
 */
public record DeadLetter(
        String topic, int partition, long offset, Instant time, String key, byte[] value, Headers headers) {

    /** Spring Kafka's names ({@code KafkaHeaders.DLT_ORIGINAL_*}); the tool does not need Spring at run time. */
    static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";

    static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";

    public static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        return new DeadLetter(
                record.topic(),
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                record.key(),
                record.value(),
                headers);
    }

    public String reason() {
        return text(DeadLetterPublisher.REASON);
    }

    public String stage() {
        return text(DeadLetterPublisher.STAGE);
    }

    public String traceId() {
        return text(EventHeaders.TRACE_ID);
    }

    public String producer() {
        return text(EventHeaders.PRODUCER);
    }

    /** The {@code gongkai-version} header: a tombstone's version (the event's own is in its value). */
    public String eventVersion() {
        return text(EventHeaders.VERSION);
    }

    public String schemaVersion() {
        return text(EventHeaders.SCHEMA_VERSION);
    }

    /** The topic the record was dead-lettered from, {@code null} when the header is missing. */
    public String sourceTopic() {
        return text(ORIGINAL_TOPIC);
    }

    /** The source record's partition, -1 when the header is missing or not a 4-byte integer. */
    public int sourcePartition() {
        Header h = headers.lastHeader(ORIGINAL_PARTITION);
        return h == null || h.value() == null || h.value().length != Integer.BYTES
                ? -1
                : ByteBuffer.wrap(h.value()).getInt();
    }

    /** The source record's offset, -1 when the header is missing or not an 8-byte integer. */
    public long sourceOffset() {
        Header h = headers.lastHeader(ORIGINAL_OFFSET);
        return h == null || h.value() == null || h.value().length != Long.BYTES
                ? -1
                : ByteBuffer.wrap(h.value()).getLong();
    }

    /** Whether the value was left out because the dead letter would not fit the topic's record size. */
    public boolean valueOmitted() {
        return headers.lastHeader(DeadLetterPublisher.VALUE_OMITTED) != null;
    }

    /** Where this dead letter is, as {@code topic:partition:offset} (the value of the replay's header). */
    public String position() {
        return topic + ":" + partition + ":" + offset;
    }

    private String text(String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
