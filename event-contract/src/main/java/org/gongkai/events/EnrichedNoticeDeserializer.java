package org.gongkai.events;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for {@link EnrichedNotice}; a null value stays null (tombstone). Throws
 * {@link MalformedEventException} on bad input: wrap it in spring-kafka's {@code ErrorHandlingDeserializer}.
 *
 * <p>A value handed over as a heap {@link ByteBuffer} (how the consumer passes it) is read in place, not copied into
 * an array first as Kafka's default does (an enriched notice is ~16 KB); its position is left unchanged.
 */
public class EnrichedNoticeDeserializer implements Deserializer<EnrichedNotice> {

    @Override
    public EnrichedNotice deserialize(String topic, byte[] data) {
        return data == null ? null : EventCodec.instance().readEnriched(data);
    }

    @Override
    public EnrichedNotice deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (!data.hasArray()) {
            return Deserializer.super.deserialize(topic, headers, data);
        }
        return EventCodec.instance().readEnriched(data.array(), data.arrayOffset() + data.position(), data.remaining());
    }
}
