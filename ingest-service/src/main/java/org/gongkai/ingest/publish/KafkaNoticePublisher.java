package org.gongkai.ingest.publish;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * trace into {@code traceparent}), or a new one without a tracer; this is where a notice enters the pipeline.
 * {@link #publish} and {@link #publishTombstone} block until the broker acknowledges the record (the producer runs
 * with {@code acks=all} and idempotence), {@link #send} returns the acknowledgement to come: either way a notice
 * counts as published only once it is durable. Thread-safe.
 */
public class KafkaNoticePublisher implements NoticePublisher {

    /** Safety net above the producer's own {@code delivery.timeout.ms} (2 minutes by default). */
    static final Duration ACK_TIMEOUT = Duration.ofMinutes(3);

    private final KafkaTemplate<String, Object> template;
    private final String producer;
    private final RecordFit fit;
    private final CurrentTrace trace;

    /**
     * With Kafka's default {@code max.request.size} (1 MiB) and the service's default of leaving the raw bytes out
     * ({@link RecordFit#RecordFit(int)}).
     */
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
        await(send(notice));
    }

    /**
     * Sends the notice, made to fit into one record first ({@link RecordFit}), without waiting: the future
     * completes on the producer's I/O thread when the broker acknowledged the record, or exceptionally with the
     * {@link PublishException} {@link #publish} throws (a notice that cannot fit or be sent fails at once). How
     * many sends may be outstanding is the caller's choice; the producer's {@code buffer.memory} bounds the bytes
     * (a full buffer blocks here up to {@code max.block.ms}).
     */
    @Override
    public CompletableFuture<Void> send(RawNotice notice) {
        RawNotice fitted;
        try {
            fitted = fit.fit(notice);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new PublishException(e.getMessage(), e, false));
        }
        return send(notice.noticeId(), fitted);
    }

    @Override
    public void publishTombstone(String noticeId) throws PublishException, InterruptedException {
        await(send(noticeId, null));
    }

    private static void await(CompletableFuture<Void> ack) throws PublishException, InterruptedException {
        try {
            ack.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PublishException publish) {
                throw publish;
            }
            throw new PublishException(String.valueOf(e.getCause()), e.getCause(), false);
        }
    }

    private CompletableFuture<Void> send(String noticeId, RawNotice value) {
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
        CompletableFuture<?> sent;
        try {
            sent = template.send(record);
        } catch (RuntimeException e) {
            // Raised by send() itself: serialisation, record too large, metadata not available within max.block.ms.
            return CompletableFuture.failedFuture(failure(noticeId, "not sent", e));
        }
        CompletableFuture<Void> ack = new CompletableFuture<>();
        sent.orTimeout(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((result, error) -> {
            if (error == null) {
                ack.complete(null);
                return;
            }
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                ack.completeExceptionally(new PublishException(
                        "notice " + noticeId + " not acknowledged within " + ACK_TIMEOUT, cause, true));
            } else {
                ack.completeExceptionally(failure(noticeId, "not acknowledged", cause));
            }
        });
        return ack;
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
