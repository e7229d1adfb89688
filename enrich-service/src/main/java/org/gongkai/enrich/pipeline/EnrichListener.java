package org.gongkai.enrich.pipeline;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.events.trace.NoticeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Consumes {@code notices.raw}, publishes to {@code notices.enriched}.
 *
 * <p>One record at a time per partition, each in its own Kafka transaction started by the container: the record
 * is enriched and sent with the same key and the trace id of the incoming record; the transaction then commits
 * the enriched event together with the record's offset, so a {@code read_committed} consumer sees each raw event's
 * output exactly once, and the events of one notice stay in order. A tombstone (null value) is forwarded as a
 * tombstone.
 *
 * <p>Failures are thrown to the container's error handler ({@link PipelineConfiguration}): a failed or timed-out
 * send as {@link PublishException} (retried with back-off), an enrichment failure as {@link EnrichmentException}
 * and a keyless tombstone as {@link IllegalArgumentException} (both dead-lettered at once). Malformed values never
 * reach this method: the deserializer's failure goes to the error handler directly. Any failure aborts the
 * transaction, so a send that did land before the failure is never visible to {@code read_committed} consumers;
 * the retry publishes the event again in a new transaction.
 *
 * <p>Tracing: the container's observation ({@code spring.kafka.listener.observation-enabled}) continues the
 * record's trace ({@code traceparent}); its id is the record's {@code gongkai-trace-id} and, with the notice's site
 * and id ({@link NoticeLog}), in every log line written while the record is handled; the template's observation
 * writes the same trace into the enriched record's {@code traceparent}.
 */
public class EnrichListener {

    static final String LISTENER_ID = "enrich";

    private static final Logger log = LoggerFactory.getLogger(EnrichListener.class);

    private final NoticeEnricher enricher;
    private final KafkaTemplate<String, Object> template;
    private final EnrichMetrics metrics;
    private final String producer;
    private final Duration sendTimeout;
    private final Supplier<String> currentTraceId;

    public EnrichListener(
            NoticeEnricher enricher,
            KafkaTemplate<String, Object> template,
            EnrichMetrics metrics,
            String producer,
            Duration sendTimeout) {
        this(enricher, template, metrics, producer, sendTimeout, () -> null);
    }

    /**
     * @param currentTraceId the trace id of the record's observation (the tracer's current span), or null: stamped on
     *                       the output when the incoming record had no {@code gongkai-trace-id}
     */
    public EnrichListener(
            NoticeEnricher enricher,
            KafkaTemplate<String, Object> template,
            EnrichMetrics metrics,
            String producer,
            Duration sendTimeout,
            Supplier<String> currentTraceId) {
        this.currentTraceId = currentTraceId;
        this.enricher = enricher;
        this.template = template;
        this.metrics = metrics;
        this.producer = producer;
        this.sendTimeout = sendTimeout;
    }

    @KafkaListener(
            id = LISTENER_ID,
            idIsGroup = false, // the group is spring.kafka.consumer.group-id
            topics = Topics.RAW,
            concurrency = "${gongkai.enrich.concurrency:2}")
    public void onRawNotice(ConsumerRecord<String, RawNotice> record) {
        RawNotice raw = record.value();
        try (NoticeLog notice = NoticeLog.of(raw != null ? raw.siteId() : null, record.key())) {
            enrichAndSend(record, raw);
        }
    }

    private void enrichAndSend(ConsumerRecord<String, RawNotice> record, RawNotice raw) {
        String traceId = EventHeaders.get(record.headers(), EventHeaders.TRACE_ID);
        if (traceId == null) {
            traceId = currentTraceId.get();
        }
        ProducerRecord<String, Object> out;
        if (raw == null) {
            if (record.key() == null) {
                throw new IllegalArgumentException("tombstone without a key: no notice to remove");
            }
            out = new ProducerRecord<>(Topics.ENRICHED, record.key(), null);
        } else {
            EnrichedNotice enriched = enricher.enrich(raw);
            String key = record.key() != null ? record.key() : raw.noticeId();
            out = new ProducerRecord<>(Topics.ENRICHED, key, enriched);
        }
        EventHeaders.stamp(out.headers(), traceId, producer, EnrichedNotice.SCHEMA_VERSION);
        if (raw == null) {
            // The tombstone's ordering version travels on to the index.
            EventHeaders.put(
                    out.headers(), EventHeaders.VERSION, EventHeaders.get(record.headers(), EventHeaders.VERSION));
        }
        send(out);
        if (raw == null) {
            metrics.tombstone();
            log.debug("notice {}: tombstone forwarded", out.key());
        } else {
            metrics.enriched();
            log.debug("notice {}: enriched and sent", out.key());
        }
    }

    private void send(ProducerRecord<String, Object> out) {
        try {
            template.send(out).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new PublishException("send to " + out.topic() + " failed for key " + out.key(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException("send to " + out.topic() + " timed out after " + sendTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while sending to " + out.topic(), e);
        }
    }
}
