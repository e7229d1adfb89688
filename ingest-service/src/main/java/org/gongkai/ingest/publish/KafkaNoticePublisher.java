package org.gongkai.ingest.publish;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.ingest.trace.CurrentTrace;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * {@link NoticePublisher} to {@link Topics#RAW}, keyed by notice id, with the standard {@link EventHeaders}: the
 * trace id is the one of the page visit's trace ({@link CurrentTrace}; the template's observation writes the same
 * trace into {@code traceparent}), or a new one without a tracer; this is where a notice enters the pipeline. Every
 * call blocks until the broker
 * acknowledges the record (the producer runs with {@code acks=all} and idempotence), so a notice counts as
 * published only once it is durable. Thread-safe.
 */
public class KafkaNoticePublisher implements NoticePublisher {

    /** Safety net above the producer's own {@code delivery.timeout.ms} (2 minutes by default). */
    static final Duration ACK_TIMEOUT = Duration.ofMinutes(3);

    private final KafkaTemplate<String, Object> template;
    private final String producer;
    private final RecordFit fit;
    private final CurrentTrace trace;

    /** With Kafka's default {@code max.request.size} (1 MiB). */
    public KafkaNoticePublisher(KafkaTemplate<String, Object> template, String producer) {
        this(template, producer, new RecordFit(1024 * 1024));
    }

    /** @param fit sizes each notice to the producer's {@code max.request.size} */
    public KafkaNoticePublisher(KafkaTemplate<String, Object> template, String producer, RecordFit fit) {
        this(template, producer, fit, CurrentTrace.NONE);
    }

    /** @param trace the crawl's current trace, whose id the records carry */
    public KafkaNoticePublisher(
            KafkaTemplate<String, Object> template, String producer, RecordFit fit, CurrentTrace trace) {
        this.template = template;
        this.producer = producer;
        this.fit = fit;
        this.trace = trace;
    }

    /** Sends the notice, made to fit into one record first ({@link RecordFit}), and waits for the ack. */
    @Override
    public void publish(RawNotice notice) throws PublishException, InterruptedException {
        RawNotice fitted;
        try {
            fitted = fit.fit(notice);
        } catch (IllegalArgumentException e) {
            throw new PublishException(e.getMessage(), e, false);
        }
        send(notice.noticeId(), fitted);
    }

    @Override
    public void publishTombstone(String noticeId) throws PublishException, InterruptedException {
        send(noticeId, null);
    }

    private void send(String noticeId, RawNotice value) throws PublishException, InterruptedException {
        ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.RAW, noticeId, value);
        EventHeaders.stamp(record.headers(), trace.traceId(), producer, RawNotice.SCHEMA_VERSION);
        if (value == null) {
            // A tombstone has no payload to carry its ordering version: the index deletes with this one, so an
            // older event replayed later cannot bring the notice back.
            java.time.Instant now = java.time.Instant.now();
            EventHeaders.put(
                    record.headers(),
                    EventHeaders.VERSION,
                    Long.toString(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000));
        }
        try {
            template.send(record).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(noticeId, "not acknowledged", e.getCause() != null ? e.getCause() : e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new PublishException("notice " + noticeId + " not acknowledged within " + ACK_TIMEOUT, e, true);
        } catch (RuntimeException e) {
            // Raised by send() itself: serialisation, record too large, metadata not available within max.block.ms.
            throw failure(noticeId, "not sent", e);
        }
    }

    /** Wraps a producer failure; retriable Kafka errors anywhere in the chain (timeouts) mean the broker is away. */
    private static PublishException failure(String noticeId, String what, Throwable error) {
        Throwable root = error;
        boolean retriable = false;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            retriable |= t instanceof RetriableException;
            root = t;
        }
        return new PublishException("notice " + noticeId + " " + what + ": " + root, error, retriable);
    }
}
