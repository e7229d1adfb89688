package org.gongkai.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.deadletter.DeadLetterPublisher;
import org.junit.jupiter.api.Test;

class ReplaysTest {

    private static RecordHeaders deadLetterHeaders() {
        RecordHeaders h = new RecordHeaders();
        h.add(EventHeaders.TRACE_ID, bytes("trace-1"));
        h.add(EventHeaders.SCHEMA_VERSION, bytes("1"));
        h.add(EventHeaders.PRODUCER, bytes("enrich-service"));
        h.add(EventHeaders.VERSION, bytes("1700000000000000"));
        h.add(DeadLetterPublisher.REASON, bytes("MalformedEventException: bad"));
        h.add(DeadLetterPublisher.STAGE, bytes("enrich"));
        h.add(DeadLetter.ORIGINAL_TOPIC, bytes("notices.raw"));
        h.add(DeadLetter.ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(4).array());
        h.add(DeadLetter.ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(77).array());
        h.add("kafka_dlt-exception-stacktrace", bytes("at ..."));
        return h;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReplayGoesToTheSourceTopicWithKeyValueAndTheEventHeadersAndNamesItsDeadLetter() {
        DeadLetter letter = new DeadLetter(
                "notices.raw-dlt", 4, 12, Instant.EPOCH, "0123456789abcdef", bytes("{}"), deadLetterHeaders());

        ProducerRecord<String, byte[]> replay = Replays.toSource(letter);

        assertThat(replay.topic()).isEqualTo("notices.raw");
        assertThat(replay.key()).isEqualTo("0123456789abcdef");
        assertThat(replay.value()).isEqualTo(bytes("{}"));
        assertThat(replay.partition())
                .as("the partitioner picks it from the key")
                .isNull();
        List<String> names = new ArrayList<>();
        for (Header h : replay.headers()) {
            names.add(h.key());
        }
        assertThat(names)
                .containsExactly(
                        EventHeaders.TRACE_ID,
                        EventHeaders.SCHEMA_VERSION,
                        EventHeaders.PRODUCER,
                        EventHeaders.VERSION,
                        Replays.REPLAYED_FROM);
        assertThat(EventHeaders.get(replay.headers(), Replays.REPLAYED_FROM)).isEqualTo("notices.raw-dlt:4:12");
        assertThat(EventHeaders.get(replay.headers(), EventHeaders.VERSION)).isEqualTo("1700000000000000");
    }

    @Test
    void aTombstoneStaysATombstone() {
        DeadLetter letter = new DeadLetter("notices.enriched-dlt", 0, 1, Instant.EPOCH, "k", null, deadLetterHeaders());

        assertThat(Replays.toSource(letter).value()).isNull();
    }

    @Test
    void aDeadLetterOfAReplayNamesOnlyTheLatestDeadLetter() {
        RecordHeaders headers = deadLetterHeaders();
        headers.add(Replays.REPLAYED_FROM, bytes("notices.raw-dlt:0:1"));
        DeadLetter letter = new DeadLetter("notices.raw-dlt", 2, 9, Instant.EPOCH, "k", bytes("x"), headers);

        assertThat(Replays.toSource(letter).headers().headers(Replays.REPLAYED_FROM))
                .singleElement()
                .satisfies(h -> assertThat(new String(h.value(), StandardCharsets.UTF_8))
                        .isEqualTo("notices.raw-dlt:2:9"));
    }

    @Test
    void aDeadLetterWhoseValueWasLeftOutIsNotReplayed() {
        RecordHeaders headers = deadLetterHeaders();
        headers.add(DeadLetterPublisher.VALUE_OMITTED, bytes("16777000"));
        DeadLetter letter = new DeadLetter("notices.raw-dlt", 4, 12, Instant.EPOCH, "k", new byte[0], headers);

        assertThatThrownBy(() -> Replays.toSource(letter))
                .isInstanceOf(Replays.NotReplayableException.class)
                .hasMessageContaining("notices.raw-dlt:4:12")
                .hasMessageContaining("notices.raw:4:77");
    }

    @Test
    void aDeadLetterWithoutSourceTopicIsNotReplayed() {
        DeadLetter letter = new DeadLetter("x-dlt", 0, 0, Instant.EPOCH, "k", bytes("v"), new RecordHeaders());

        assertThatThrownBy(() -> Replays.toSource(letter))
                .isInstanceOf(Replays.NotReplayableException.class)
                .hasMessageContaining("kafka_dlt-original-topic");
    }
}
