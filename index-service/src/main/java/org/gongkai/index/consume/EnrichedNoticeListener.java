package org.gongkai.index.consume;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.Topics;
import org.gongkai.events.deadletter.DeadLetterPublisher;
import org.gongkai.events.trace.NoticeLog;
import org.gongkai.index.write.BulkIndexer;
import org.gongkai.index.write.IndexMetrics;
import org.gongkai.index.write.IndexOperation;
import org.gongkai.index.write.IndexRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Batch listener on {@code notices.enriched}. Returns only when every record of the poll is indexed, deleted,
 * known stale or dead-lettered, so the container (ack mode BATCH) commits the poll's offsets only then. Throws when
 * Elasticsearch stays unavailable or the dead-letter topic cannot be written; the Kafka error handler then
 * redelivers the batch, without limit.
 *
 * <p>Dead letters (malformed records, items Elasticsearch rejected) are published only once every operation of the
 * batch is resolved: a batch handed back for redelivery has dead-lettered nothing, so a redelivery cannot publish
 * the same dead letter twice.
 *
 * <p>Backpressure: while Elasticsearch does not accept writes the listener thread is either inside the
 * {@link BulkIndexer}'s retries or the error handler holds the batch with the consumer paused; either way no further
 * records are fetched, so memory stays bounded by one poll ({@code max.poll.records}) plus the consumer's fetch
 * buffer, and the {@link IndexingStatus} reports the stall to readiness until a batch completes.
 *
 * <p>Logging: each line about one record (dead letters; at debug level each written notice) carries the notice's
 * site, id and trace id in the MDC ({@link NoticeLog}).
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

    /** The record's notice in the MDC, with its trace id ({@link IndexOperation#noticeLog(ConsumerRecord)}). */
    static NoticeLog noticeLog(ConsumerRecord<?, ?> record) {
        return IndexOperation.noticeLog(record);
    }

    @KafkaListener(id = ID, topics = Topics.ENRICHED, batch = "true", idIsGroup = false, autoStartup = "false")
    public void onBatch(ConsumerRecords<String, EnrichedNotice> records, Consumer<?, ?> consumer) {
        List<BatchPlan.Malformed> letters;
        BatchPlan plan;
        Set<ConsumerRecord<?, ?>> rejected = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            plan = planner.plan(records);
            letters = new ArrayList<>(plan.malformed());
            indexer.write(plan.operations(), (op, result) -> {
                rejected.add(op.record());
                letters.add(new BatchPlan.Malformed(op.record(), new IndexRejectedException(result)));
            });
        } catch (RuntimeException e) {
            status.stalled(records.count(), e.getMessage());
            throw e;
        }
        if (log.isDebugEnabled()) {
            for (IndexOperation op : plan.operations()) {
                if (!rejected.contains(op.record())) {
                    try (NoticeLog notice = noticeLog(op.record())) {
                        log.debug("notice {}: {} written (or already newer)", op.id(), op.kind());
                    }
                }
            }
        }
        for (BatchPlan.Malformed letter : letters) {
            ConsumerRecord<?, ?> record = letter.record();
            try (NoticeLog notice = noticeLog(record)) {
                log.warn(
                        "Dead-lettering {}-{}@{}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        DeadLetterPublisher.reason(letter.cause()));
            }
            try {
                deadLetters.accept(record, consumer, letter.cause());
            } catch (RuntimeException e) {
                status.stalled(records.count(), "dead letter not written: " + e.getMessage());
                throw new IndexingStalledException(
                        "dead letter of " + record.topic() + "-" + record.partition() + "@" + record.offset()
                                + " not written: " + e.getMessage(),
                        e);
            }
        }
        metrics.stale(plan.superseded());
        status.flowing();
        log.debug(
                "Batch of {} records done: {} operations, {} malformed, {} superseded",
                records.count(),
                plan.operations().size(),
                plan.malformed().size(),
                plan.superseded());
    }
}
