package org.gongkai.events;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer for any Gongkai event; {@code null} stays {@code null} (a tombstone). */
public class EventSerializer<T> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : EventCodec.instance().write(data);
    }
}
