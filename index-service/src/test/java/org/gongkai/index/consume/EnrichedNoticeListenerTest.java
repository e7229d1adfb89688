package org.gongkai.index.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.events.Topics;
import org.gongkai.index.IndexProperties;
import org.gongkai.index.TestNotices;
import org.gongkai.index.elasticsearch.ElasticsearchClients;
import org.gongkai.index.write.BulkIndexer;
import org.gongkai.index.write.IndexMetrics;
import org.gongkai.index.write.ItemResult;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The listener dead-letters only once a batch is resolved, and never lets a failed dead letter pass. */
class EnrichedNoticeListenerTest {

    private final IndexMetrics metrics = new IndexMetrics(new SimpleMeterRegistry());
    private final IndexingStatus status = new IndexingStatus(Clock.systemUTC());
    private final List<String> deadLettered = new ArrayList<>();
    private final Deque<List<ItemResult>> answers = new ConcurrentLinkedDeque<>();
    private RuntimeException deadLetterFailure;

    private final DeadLetters deadLetters = new DeadLetters(
            (record, consumer, e) -> {
                if (deadLetterFailure != null) {
                    throw deadLetterFailure;
                }
                deadLettered.add(record.offset() + " " + record.key());
            },
            metrics);

    private final EnrichedNoticeListener listener = new EnrichedNoticeListener(
            new BatchPlanner(ElasticsearchClients.jsonpMapper().objectMapper(), Clock.systemUTC()),
            new BulkIndexer(
                    ops -> {
                        List<ItemResult> answer = answers.poll();
                        if (answer == null) {
                            throw new java.net.ConnectException("refused");
                        }
                        return answer;
                    },
                    new IndexProperties.Bulk(
                            500,
                            DataSize.ofMegabytes(5),
                            2,
                            Duration.ofMillis(1),
                            Duration.ofMillis(1),
                            Duration.ofSeconds(60),
                            Duration.ofSeconds(120),
                            0),
                    metrics,
                    d -> {},
                    System::nanoTime),
            deadLetters,
            metrics,
            status);

    @Test
    void aBatchHandedBackForRedeliveryDeadLettersNothingSoARedeliveryCannotDuplicateDeadLetters() {
        ConsumerRecords<String, EnrichedNotice> batch = batch();

        assertThatThrownBy(() -> listener.onBatch(batch, null)).isInstanceOf(RuntimeException.class);
        assertThat(deadLettered).isEmpty();
        assertThat(status.stall()).isNotNull();

        answers.add(List.of(ItemResult.ok(201)));
        listener.onBatch(batch, null);
        assertThat(deadLettered).containsExactly("0 malformed");
        assertThat(status.stall()).isNull();
    }

    @Test
    void aDeadLetterThatCannotBeWrittenHoldsTheBatchInsteadOfLettingItsRecordsBeDeadLetteredLater() {
        deadLetterFailure = new KafkaException("dead-letter topic unavailable");
        answers.add(List.of(ItemResult.ok(201)));

        assertThatThrownBy(() -> listener.onBatch(batch(), null))
                .isInstanceOf(IndexingStalledException.class)
                .hasMessageContaining("dead-letter topic unavailable");
        assertThat(status.stall()).isNotNull();
    }

    private static ConsumerRecords<String, EnrichedNotice> batch() {
        EnrichedNotice good = TestNotices.notice(TestNotices.newUrl(), 3);
        List<ConsumerRecord<String, EnrichedNotice>> records = List.of(
                record(0, "malformed", "{not json".getBytes(StandardCharsets.UTF_8)),
                record(1, good.noticeId(), EventCodec.instance().write(good)));
        return new ConsumerRecords<>(Map.of(new TopicPartition(Topics.ENRICHED, 0), records), Map.of());
    }

    private static ConsumerRecord<String, EnrichedNotice> record(long offset, String key, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        try (EnrichedValueDeserializer deserializer = new EnrichedValueDeserializer()) {
            deserializer.configure(Map.of(), false);
            EnrichedNotice notice = deserializer.deserialize(Topics.ENRICHED, headers, ByteBuffer.wrap(value));
            return new ConsumerRecord<>(
                    Topics.ENRICHED,
                    0,
                    offset,
                    0L,
                    org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                    -1,
                    -1,
                    key,
                    notice,
                    headers,
                    java.util.Optional.empty());
        }
    }

    @SuppressWarnings("unused")
    private static Consumer<?, ?> none() {
        return null;
    }
}
