package org.gongkai.events;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for {@link EnrichedNotice}; a null value stays null (tombstone). Throws
 * {@link MalformedEventException} on bad input: wrap it in spring-kafka's {@code ErrorHandlingDeserializer}.
 */
public class EnrichedNoticeDeserializer implements Deserializer<EnrichedNotice> {

    @Override
    public EnrichedNotice deserialize(String topic, byte[] data) {
        return data == null ? null : EventCodec.instance().readEnriched(data);
    }
}
