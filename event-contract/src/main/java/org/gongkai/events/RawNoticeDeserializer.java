package org.gongkai.events;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for {@link RawNotice}; a null value stays null (tombstone). Throws
 * {@link MalformedEventException} on bad input: wrap it in spring-kafka's {@code ErrorHandlingDeserializer}.
 */
public class RawNoticeDeserializer implements Deserializer<RawNotice> {

    @Override
    public RawNotice deserialize(String topic, byte[] data) {
        return data == null ? null : EventCodec.instance().readRaw(data);
    }
}
