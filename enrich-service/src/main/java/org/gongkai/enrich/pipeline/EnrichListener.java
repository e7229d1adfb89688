package org.gongkai.enrich.pipeline;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.events.trace.NoticeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Consumes {@code notices.raw}, publishes to {@code notices.enriched}.
 *
 * <p>One poll at a time per consumer thread, in one Kafka transaction started by the container (at most
 * {@code gongkai.enrich.max-batch} records): each record, in offset order, is enriched and sent (asynchronously) with
 * the same key and the trace id of the incoming record; once every send of the poll is acknowledged the listener
 * returns and the transaction commits the enriched events together with the poll's offsets, so a
 * {@code read_committed} consumer sees each raw event's output exactly once, and the events of one notice stay in
 * order (one producer, sends in offset order). A tombstone (null value) is forwarded as a tombstone with its
 * {@code gongkai-version} header.
 *
 * <p>Failures of one record, which would fail again on every delivery, are dead-lettered here through
 * {@link DeadLetters}, in the poll's transaction, and the rest of the poll goes on: an unreadable value (the
 * deserializer's {@link DeserializationException}), an enrichment failure ({@link EnrichmentException}, a stack
 * overflow included), a keyless tombstone ({@link IllegalArgumentException}), an enriched event that cannot be
 * serialised or is larger than the topic accepts ({@link SerializationException}, {@link RecordTooLargeException},
 * checked before the send because a refused send would doom the whole transaction). Anything else is thrown: a
 * failed or timed-out send as {@link PublishException}; the container then aborts the transaction (nothing of the
 * poll becomes visible, dead letters included) and its after-rollback processor ({@link PipelineConfiguration})
 * delivers the whole poll again with back-off.
 *
 * <p>Tracing: a batch has no per-record observation, so each record gets a span of its own continuing its
 * {@code traceparent} ({@link RecordTrace}), in scope while it is handled: the log lines carry its trace id, a span
 * id and, with the notice's site and id, {@link NoticeLog}; the enriched record gets the span's {@code traceparent}
 * and keeps the incoming {@code gongkai-trace-id} (the span's trace id when it had none).
 */
public class EnrichListener {

    static final String LISTENER_ID = "enrich";

    private static final Logger log = LoggerFactory.getLogger(EnrichListener.class);
    private static final LogAccessor SPRING_LOG = new LogAccessor(EnrichListener.class);

    private final NoticeEnricher enricher;
    private final KafkaTemplate<String, Object> template;
    private final DeadLetters deadLetters;
    private final EnrichMetrics metrics;
    private final Tracer tracer;
    private final Propagator propagator;
    private final String producer;
    private final Duration sendTimeout;
    private final int maxRecordBytes;

    /**
     * @param sendTimeout    how long the sends of one poll may wait for their acknowledgements after the last send
     * @param maxRecordBytes the largest record {@code notices.enriched} accepts ({@code max.message.bytes})
     */
    EnrichListener(
            NoticeEnricher enricher,
            KafkaTemplate<String, Object> template,
            DeadLetters deadLetters,
            EnrichMetrics metrics,
            Tracer tracer,
            Propagator propagator,
            String producer,
            Duration sendTimeout,
            int maxRecordBytes) {
        this.enricher = enricher;
        this.template = template;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.tracer = tracer;
        this.propagator = propagator;
        this.producer = producer;
        this.sendTimeout = sendTimeout;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** One enriched event (or tombstone) handed to the producer, not yet acknowledged. */
    private record Pending(String key, boolean tombstone, CompletableFuture<Void> ack) {}

    @KafkaListener(
            id = LISTENER_ID,
            idIsGroup = false, // the group is spring.kafka.consumer.group-id
            topics = Topics.RAW,
            concurrency = "${gongkai.enrich.concurrency:2}",
            batch = "true")
    public void onRawNotices(List<ConsumerRecord<String, RawNotice>> records, Consumer<?, ?> consumer) {
        List<Pending> pending = new ArrayList<>(records.size());
        int deadLettered = 0;
        for (ConsumerRecord<String, RawNotice> record : records) {
            RawNotice raw = record.value();
            String traceId = EventHeaders.get(record.headers(), EventHeaders.TRACE_ID);
            try (RecordTrace trace = RecordTrace.open(tracer, propagator, record, "enrich");
                    NoticeLog notice = NoticeLog.of(raw != null ? raw.siteId() : null, record.key(), traceId)) {
                ProducerRecord<String, Object> out;
                try {
                    out = output(record, raw, traceId != null ? traceId : trace.traceId(), trace);
                } catch (RuntimeException e) {
                    if (!isFaultOfTheRecord(e)) {
                        throw e;
                    }
                    deadLetters.publish(record, consumer, e);
                    deadLettered++;
                    continue;
                }
                pending.add(new Pending(out.key(), raw == null, acknowledgement(template.send(out))));
                log.debug(raw == null ? "notice {}: tombstone forwarded" : "notice {}: enriched and sent", out.key());
            }
        }
        awaitAcknowledgements(pending);
        // counted once every send of the poll is acknowledged; a retried poll may count again (side effects outside
        // Kafka are at-least-once)
        int tombstones = 0;
        for (Pending p : pending) {
            if (p.tombstone()) {
                tombstones++;
            }
        }
        metrics.poll(pending.size() - tombstones, tombstones, deadLettered);
    }

    /**
     * The send's outcome without its {@link SendResult}: the result holds the record sent, and with it the enriched
     * event's bytes (~16 KB), for as long as the future is referenced, i.e. until the whole poll is acknowledged;
     * a poll outlives young collections, so those bytes were promoted with it and died in the old generation. This
     * future lets the result go at the acknowledgement (docs/benchmarks.md, "Enrich, session 9"). A failed send
     * fails it with the same cause.
     */
    private static CompletableFuture<Void> acknowledgement(CompletableFuture<SendResult<String, Object>> send) {
        return send.thenAccept(result -> {});
    }

    /** The record to send for {@code record}; throws what {@link #isFaultOfTheRecord} accepts for a bad record. */
    private ProducerRecord<String, Object> output(
            ConsumerRecord<String, RawNotice> record, RawNotice raw, String traceId, RecordTrace trace) {
        String key;
        byte[] value;
        if (raw == null) {
            DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(
                    record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, SPRING_LOG);
            if (unreadable != null) {
                throw unreadable;
            }
            if (record.key() == null) {
                throw new IllegalArgumentException("tombstone without a key: no notice to remove");
            }
            key = record.key();
            value = null;
        } else {
            EnrichedNotice enriched = enricher.enrich(raw);
            key = record.key() != null ? record.key() : raw.noticeId();
            value = serialize(enriched);
        }
        ProducerRecord<String, Object> out = new ProducerRecord<>(Topics.ENRICHED, key, value);
        EventHeaders.stamp(out.headers(), traceId, producer, EnrichedNotice.SCHEMA_VERSION);
        if (raw == null) {
            // The tombstone's ordering version travels on to the index.
            EventHeaders.put(
                    out.headers(), EventHeaders.VERSION, EventHeaders.get(record.headers(), EventHeaders.VERSION));
        }
        trace.inject(out.headers());
        checkSize(out, value);
        return out;
    }

    /** The event's bytes, written here (the producer passes {@code byte[]} through) so a failure is this record's. */
    private static byte[] serialize(EnrichedNotice enriched) {
        try {
            return EventCodec.instance().write(enriched);
        } catch (RuntimeException e) {
            throw new SerializationException("cannot serialise enriched notice " + enriched.noticeId(), e);
        }
    }

    /**
     * Refuses a record the producer or the broker would refuse: a refused send puts the transaction in an abortable
     * state, so the whole poll would be retried for ever instead of this record being dead-lettered. The bound is the
     * producer's own (Kafka's upper bound of a one-record batch).
     */
    private void checkSize(ProducerRecord<String, Object> out, byte[] value) {
        int size = AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.CURRENT_MAGIC_VALUE,
                CompressionType.NONE,
                out.key().getBytes(StandardCharsets.UTF_8),
                value,
                out.headers().toArray());
        if (size > maxRecordBytes) {
            throw new RecordTooLargeException("the enriched record of notice " + out.key() + " has " + size
                    + " bytes, more than " + Topics.ENRICHED + " accepts (" + maxRecordBytes + ")");
        }
    }

    /** Whether {@code e} is the record's own fault, so that every delivery of it would fail the same way. */
    static boolean isFaultOfTheRecord(RuntimeException e) {
        return e instanceof EnrichmentException
                || e instanceof DeserializationException
                || e instanceof IllegalArgumentException
                || e instanceof SerializationException
                || e instanceof RecordTooLargeException;
    }

    private void awaitAcknowledgements(List<Pending> pending) {
        if (!pending.isEmpty()) {
            // send the poll's last batch now instead of after linger.ms: nothing more is coming for this transaction
            template.flush();
        }
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        for (Pending p : pending) {
            try {
                p.ack().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new PublishException("send to " + Topics.ENRICHED + " failed for key " + p.key(), e.getCause());
            } catch (TimeoutException e) {
                throw new PublishException("send to " + Topics.ENRICHED + " timed out after " + sendTimeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishException("interrupted while sending to " + Topics.ENRICHED, e);
            }
        }
    }
}
