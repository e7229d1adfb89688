package org.gongkai.enrich.pipeline;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gongkai.events.Topics;
import org.gongkai.events.deadletter.DeadLetterPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's one dead-letter path: the contract's {@link DeadLetterPublisher} to {@code notices.raw-dlt} and a
 * warning line with the reason. Used by the listener for a record that cannot be enriched (inside the batch's
 * transaction) and by the after-rollback processor for records whose retries ran out (inside its own transaction);
 * either way the dead letter commits with the record's offset.
 *
 * <p>Blocks until the broker acknowledges the dead letter and throws when it does not, so the caller's transaction
 * aborts and the record is delivered again rather than lost. Thread-safe.
 */
final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterPublisher publisher;

    DeadLetters(DeadLetterPublisher publisher) {
        this.publisher = publisher;
    }

    /** Publishes {@code record}'s dead letter in the current transaction; the caller counts it once committed. */
    void publish(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception failure) {
        publisher.accept(record, consumer, failure);
        log.warn(
                "Dead-lettered {}-{}@{} (key {}) to {}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                Topics.RAW_DLT,
                DeadLetterPublisher.reason(failure));
    }
}
