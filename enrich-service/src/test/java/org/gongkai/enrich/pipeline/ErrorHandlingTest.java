package org.gongkai.enrich.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.gongkai.events.MalformedEventException;
import org.gongkai.events.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Which failures the listener dead-letters at once (the record's own fault), and what the after-rollback processor
 * does with a poll that failed otherwise: delivered again from its start with back-off, then dead-lettered record by
 * record with the poll's offsets committed.
 */
class ErrorHandlingTest {

    private final List<ConsumerRecord<?, ?>> recovered = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private final KafkaOperations<Object, Object> template = mock(KafkaOperations.class);

    private final DefaultAfterRollbackProcessor<Object, Object> processor =
            PipelineConfiguration.afterRollbackProcessor(
                    (record, e) -> recovered.add(record),
                    new EnrichProperties(
                            1,
                            100,
                            Duration.ofSeconds(1),
                            Duration.ofMillis(1),
                            2.0,
                            Duration.ofMillis(5),
                            Duration.ofMillis(60),
                            "test",
                            null),
                    template);

    private final TopicPartition p3 = new TopicPartition(Topics.RAW, 3);
    private final TopicPartition p4 = new TopicPartition(Topics.RAW, 4);
    private final ConsumerRecord<Object, Object> a = new ConsumerRecord<>(Topics.RAW, 3, 41L, "a", null);
    private final ConsumerRecord<Object, Object> b = new ConsumerRecord<>(Topics.RAW, 3, 42L, "b", null);
    private final ConsumerRecord<Object, Object> c = new ConsumerRecord<>(Topics.RAW, 4, 7L, "c", null);
    private final ConsumerRecords<Object, Object> poll = new ConsumerRecords<>(byPartition(), Map.of());

    @SuppressWarnings("unchecked")
    private final Consumer<Object, Object> consumer = mock(Consumer.class);

    private final MessageListenerContainer container = mock(MessageListenerContainer.class);

    ErrorHandlingTest() {
        when(template.isTransactional()).thenReturn(true);
        when(container.getContainerProperties()).thenReturn(new ContainerProperties(Topics.RAW));
    }

    private Map<TopicPartition, List<ConsumerRecord<Object, Object>>> byPartition() {
        Map<TopicPartition, List<ConsumerRecord<Object, Object>>> records = new LinkedHashMap<>();
        records.put(p3, List.of(a, b));
        records.put(p4, List.of(c));
        return records;
    }

    /** One failed delivery of the poll after its rollback; true when its records were recovered (dead-lettered). */
    private boolean handle(Exception e) {
        int before = recovered.size();
        processor.processBatch(poll, List.of(a, b, c), consumer, container, e, true, ContainerProperties.EOSMode.V2);
        return recovered.size() > before;
    }

    @Test
    void deterministicFailuresAreTheRecordsOwnAndDeadLetteredByTheListener() {
        List<RuntimeException> faults = List.of(
                new EnrichmentException("boom", new StackOverflowError()),
                new IllegalArgumentException("tombstone without a key"),
                new DeserializationException(
                        "x", new byte[] {1}, false, new MalformedEventException("not a valid RawNotice")),
                new SerializationException("cannot serialise"),
                new RecordTooLargeException("too large"));
        assertThat(faults).allMatch(EnrichListener::isFaultOfTheRecord);
    }

    @Test
    void sendFailuresAndFencingAreNotARecordsFault() {
        List<RuntimeException> transients = List.of(
                new PublishException("send failed", new ExecutionException(new TimeoutException("no broker"))),
                new ProducerFencedException("fenced"),
                new IllegalStateException("unexpected"));
        assertThat(transients).noneMatch(EnrichListener::isFaultOfTheRecord);
    }

    @Test
    void aFailedPollIsDeliveredAgainFromItsStartWithBackOffThenEachOfItsRecordsIsDeadLettered() {
        Exception failure = new ListenerExecutionFailedException(
                "x", new PublishException("send failed", new ExecutionException(new TimeoutException("no broker"))));

        assertThat(handle(failure)).as("first failure is retried").isFalse();
        verify(consumer).seek(p3, 41L);
        verify(consumer).seek(p4, 7L);
        verify(template, never()).sendOffsetsToTransaction(any(), any());

        int attempts = 1;
        while (!handle(failure)) {
            attempts++;
            assertThat(attempts).as("gives up after the max elapsed time").isLessThan(200);
        }
        assertThat(attempts).isGreaterThan(2);
        assertThat(recovered).containsExactly(a, b, c);
        verify(template)
                .sendOffsetsToTransaction(
                        Map.of(p3, new OffsetAndMetadata(43L), p4, new OffsetAndMetadata(8L)),
                        consumer.groupMetadata());
    }
}
