package org.gongkai.enrich.pipeline;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.trace.TraceParent;

/**
 * A span continuing a consumed record's trace (its W3C {@code traceparent}; a new trace when it has none), current on
 * the calling thread until closed, so the log lines written meanwhile carry the record's {@code traceId} and a
 * {@code spanId} (the tracer's MDC scope decorator). The batch listener opens one per record (a batch has no
 * per-record observation), and so does dead-lettering after a rollback; {@link #inject} writes the span's
 * {@code traceparent} on the record sent for it, which replaces the template's observation (one observation per
 * send cost more than the span).
 *
 * <p>Not thread-safe: open and close on the same thread.
 */
final class RecordTrace implements AutoCloseable {

    private final Span span;
    private final Tracer.SpanInScope scope;
    private final Propagator propagator;

    private RecordTrace(Span span, Tracer.SpanInScope scope, Propagator propagator) {
        this.span = span;
        this.scope = scope;
        this.propagator = propagator;
    }

    static RecordTrace open(Tracer tracer, Propagator propagator, ConsumerRecord<?, ?> record, String name) {
        Span span = propagator
                .extract(record.headers(), (Headers headers, String key) -> EventHeaders.get(headers, key))
                .name(name)
                .start();
        return new RecordTrace(span, tracer.withSpan(span), propagator);
    }

    /** The span's trace id, or null when there is no tracer (the no-op span's id is not a W3C trace id). */
    String traceId() {
        String id = span.context().traceId();
        return TraceParent.isTraceId(id) ? id : null;
    }

    /** Writes this span's propagation headers ({@code traceparent}) on an outgoing record, replacing any. */
    void inject(Headers headers) {
        propagator.inject(span.context(), headers, (carrier, key, value) -> EventHeaders.put(carrier, key, value));
    }

    @Override
    public void close() {
        scope.close();
        span.end();
    }
}
