package org.gongkai.index.consume;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gongkai.index.write.IndexMetrics;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Publishes a record to {@code notices.enriched-dlt} (same partition as the source record) through the one
 * {@link DeadLetterPublishingRecoverer}, and counts it. Used by the listener for events it rejects itself and by the
 * Kafka error handler for what the listener could not handle.
 *
 * <p>Blocks until the broker acknowledges the dead letter and throws when it does not, so an offset is never
 * committed for a record that was neither indexed nor dead-lettered. A redelivered batch may dead-letter a record
 * twice (at-least-once). Thread-safe.
 */
public class DeadLetters implements ConsumerAwareRecordRecoverer {

    private final DeadLetterPublishingRecoverer recoverer;
    private final IndexMetrics metrics;

    public DeadLetters(DeadLetterPublishingRecoverer recoverer, IndexMetrics metrics) {
        this.recoverer = recoverer;
        this.metrics = metrics;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
        recoverer.accept(record, consumer, exception);
        metrics.deadLettered();
    }
}
