package org.gongkai.index.consume;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.Topics;
import org.gongkai.index.write.BulkIndexer;
import org.gongkai.index.write.ElasticsearchUnavailableException;
import org.gongkai.index.write.IndexMetrics;
import org.gongkai.index.write.IndexRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Batch listener on {@code notices.enriched}. Returns only when every record of the poll is indexed, deleted,
 * known stale or dead-lettered, so the container (ack mode BATCH) commits the poll's offsets only then. Throws when
 * Elasticsearch stays unavailable or the dead-letter topic cannot be written; the Kafka error handler then
 * redelivers the batch.
 *
 * <p>Backpressure: while Elasticsearch does not accept writes the listener thread is either inside the
 * {@link BulkIndexer}'s retries or the error handler holds the batch with the consumer paused; either way no further
 * records are fetched, so memory stays bounded by one poll ({@code max.poll.records}) plus the consumer's fetch
 * buffer, and the {@link IndexingStatus} reports the stall to readiness until a batch completes.
 *
 * <p>Not started with the context: the index bootstrap starts it once the index and its aliases exist.
 */
public class EnrichedNoticeListener {

    /** Listener container id, used to start it after the bootstrap. */
    public static final String ID = "index-enriched-notices";

    private static final Logger log = LoggerFactory.getLogger(EnrichedNoticeListener.class);

    private final BatchPlanner planner;
    private final BulkIndexer indexer;
    private final DeadLetters deadLetters;
    private final IndexMetrics metrics;
    private final IndexingStatus status;

    public EnrichedNoticeListener(
            BatchPlanner planner,
            BulkIndexer indexer,
            DeadLetters deadLetters,
            IndexMetrics metrics,
            IndexingStatus status) {
        this.planner = planner;
        this.indexer = indexer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.status = status;
    }

    @KafkaListener(id = ID, topics = Topics.ENRICHED, batch = "true", idIsGroup = false, autoStartup = "false")
    public void onBatch(ConsumerRecords<String, EnrichedNotice> records, Consumer<?, ?> consumer) {
        BatchPlan plan = planner.plan(records);
        for (BatchPlan.Malformed bad : plan.malformed()) {
            log.warn(
                    "Dead-lettering malformed record {}-{}@{}: {}",
                    bad.record().topic(),
                    bad.record().partition(),
                    bad.record().offset(),
                    DeadLetterHeaders.reason(bad.cause()));
            deadLetters.accept(bad.record(), consumer, bad.cause());
        }
        metrics.stale(plan.superseded());
        try {
            indexer.write(
                    plan.operations(),
                    (op, result) -> deadLetters.accept(op.record(), consumer, new IndexRejectedException(result)));
        } catch (ElasticsearchUnavailableException e) {
            status.stalled(records.count(), e.getMessage());
            throw e;
        }
        status.flowing();
        log.debug(
                "Batch of {} records done: {} operations, {} malformed, {} superseded",
                records.count(),
                plan.operations().size(),
                plan.malformed().size(),
                plan.superseded());
    }
}
