package org.gongkai.index.consume;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gongkai.index.write.IndexMetrics;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;

/**
 * Publishes a record to {@code notices.enriched-dlt} through the contract's
 * {@link org.gongkai.events.deadletter.DeadLetterPublisher} and counts it. Used by the listener only, once its batch
 * is resolved.
 *
 * <p>Blocks until the broker acknowledges the dead letter and throws when it does not, so an offset is never
 * committed for a record that was neither indexed nor dead-lettered. A batch redelivered after a crash between its
 * dead letters and its commit dead-letters them again (at-least-once). Thread-safe.
 */
public class DeadLetters implements ConsumerAwareRecordRecoverer {

    private final ConsumerAwareRecordRecoverer recoverer;
    private final IndexMetrics metrics;

    public DeadLetters(ConsumerAwareRecordRecoverer recoverer, IndexMetrics metrics) {
        this.recoverer = recoverer;
        this.metrics = metrics;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
        recoverer.accept(record, consumer, exception);
        metrics.deadLettered();
    }
}
