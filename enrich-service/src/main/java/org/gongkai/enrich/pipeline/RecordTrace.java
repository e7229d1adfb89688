package org.gongkai.enrich.pipeline;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.gongkai.events.EventHeaders;

/**
 * A span continuing a consumed record's trace (its W3C {@code traceparent}), current on the calling thread until
 * closed: for work on a record outside the listener's observation, i.e. dead-lettering after a rollback, so the
 * dead letter's {@code traceparent} (written by the template's observation) and the log lines carry the notice's
 * trace id instead of a new one.
 *
 * <p>Not thread-safe: open and close on the same thread.
 */
final class RecordTrace implements AutoCloseable {

    private final Span span;
    private final Tracer.SpanInScope scope;

    private RecordTrace(Span span, Tracer.SpanInScope scope) {
        this.span = span;
        this.scope = scope;
    }

    static RecordTrace open(Tracer tracer, Propagator propagator, ConsumerRecord<?, ?> record, String name) {
        Span span = propagator
                .extract(record.headers(), (Headers headers, String key) -> EventHeaders.get(headers, key))
                .name(name)
                .start();
        return new RecordTrace(span, tracer.withSpan(span));
    }

    @Override
    public void close() {
        scope.close();
        span.end();
    }
}
