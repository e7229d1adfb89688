package org.gongkai.index.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.events.Topics;
import org.gongkai.index.TestNotices;
import org.junit.jupiter.api.Test;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

class EnrichedValueDeserializerTest {

    private final EnrichedValueDeserializer deserializer = new EnrichedValueDeserializer();

    EnrichedValueDeserializerTest() {
        deserializer.configure(Map.of(), false);
    }

    @Test
    void readsTheValueWhereTheConsumerHoldsItInsideALargerBufferAndLeavesTheBufferAsItWas() {
        EnrichedNotice notice = TestNotices.notice(TestNotices.newUrl(), 3);
        ByteBuffer sliced = slice(EventCodec.instance().write(notice));
        ByteBuffer positioned = sliced.duplicate();
        ByteBuffer within = ByteBuffer.wrap(sliced.array(), sliced.arrayOffset(), sliced.remaining());
        RecordHeaders headers = new RecordHeaders();

        assertThat(deserializer.deserialize(Topics.ENRICHED, headers, sliced)).isEqualTo(notice);
        assertThat(deserializer.deserialize(Topics.ENRICHED, headers, within)).isEqualTo(notice);
        assertThat(sliced.position()).isZero();
        assertThat(within.position()).isEqualTo(sliced.arrayOffset());
        assertThat(positioned.remaining()).isEqualTo(sliced.remaining());
        assertThat(headers.toArray()).isEmpty();
    }

    @Test
    void aValueThatIsNotAnEventLeavesTheFailureWithItsOriginalBytesInTheHeaderForTheDeadLetter() {
        byte[] bad = "{\"schemaVersion\": 1, \"noticeId\": ".getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();

        EnrichedNotice value = deserializer.deserialize(Topics.ENRICHED, headers, slice(bad));

        assertThat(value).isNull();
        DeserializationException failure = SerializationUtils.getExceptionFromHeader(
                new org.apache.kafka.clients.consumer.ConsumerRecord<>(
                        Topics.ENRICHED,
                        0,
                        0,
                        0L,
                        org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                        -1,
                        -1,
                        "k",
                        value,
                        headers,
                        java.util.Optional.empty()),
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER,
                new LogAccessor(getClass()));
        assertThat(failure).isNotNull();
        assertThat(failure.getData()).isEqualTo(bad);
        assertThat(failure.getCause()).hasMessageContaining("not a valid EnrichedNotice");
    }

    @Test
    void aTombstoneStaysNull() {
        assertThat(deserializer.deserialize(Topics.ENRICHED, new RecordHeaders(), (ByteBuffer) null))
                .isNull();
    }

    /** {@code bytes} as a slice in the middle of a larger array, as a record's value in its batch's buffer. */
    private static ByteBuffer slice(byte[] bytes) {
        byte[] around = new byte[bytes.length + 100];
        Arrays.fill(around, (byte) '#');
        System.arraycopy(bytes, 0, around, 40, bytes.length);
        return ByteBuffer.wrap(around, 40, bytes.length).slice();
    }
}
