package org.gongkai.index.consume;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EnrichedNoticeDeserializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * The consumer's value deserializer for {@code notices.enriched}: Spring Kafka's {@link ErrorHandlingDeserializer}
 * around the contract's {@link EnrichedNoticeDeserializer}, which hands the contract's deserializer the value as the
 * consumer holds it (a slice of the record's buffer). {@code ErrorHandlingDeserializer} implements only the
 * {@code byte[]} variant, so Kafka's default copied every value (~16 KB a notice) into a new array first: a sixth of
 * what the listener allocated per notice, and the young collections it drives promote the in-flight polls.
 *
 * <p>Failure semantics are {@code ErrorHandlingDeserializer}'s: a value that fails to deserialise is deserialised
 * again through its {@code byte[]} path, which records the failure as before (the exception with the original bytes
 * in its header, a null value) for the planner to dead-letter. No validator is applied (none is configured). One
 * instance per consumer, as Kafka creates it.
 */
public class EnrichedValueDeserializer extends ErrorHandlingDeserializer<EnrichedNotice> {

    private final EnrichedNoticeDeserializer events;

    public EnrichedValueDeserializer() {
        this(new EnrichedNoticeDeserializer());
    }

    private EnrichedValueDeserializer(EnrichedNoticeDeserializer events) {
        super(events);
        this.events = events;
    }

    @Override
    public EnrichedNotice deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data != null && data.hasArray() && !isForKey()) {
            try {
                EnrichedNotice notice = events.deserialize(topic, headers, data);
                headers.remove(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER); // as the byte[] path does
                return notice;
            } catch (RuntimeException e) {
                // the byte[] path below fails the same way and records it
            }
        }
        return deserialize(topic, headers, Utils.toNullableArray(data));
    }
}
