package org.gongkai.ingest.trace;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.gongkai.events.trace.TraceParent;

/**
 * The trace of the page being crawled on this thread, as the crawler needs it outside Micrometer's own
 * instrumentation: its trace id for the records' {@code gongkai-trace-id} and a W3C {@code traceparent} for the
 * crawler's HTTP requests (its own {@code HttpTransport} is not instrumented by a library). Only these two values
 * leave the process: no baggage, no vendor headers.
 *
 * <p>Thread-safe; reads the tracer's current context of the calling thread.
 */
public final class CurrentTrace {

    /** Without a tracer: no trace id, no header. */
    public static final CurrentTrace NONE = new CurrentTrace(null);

    private final Tracer tracer;

    /** @param tracer the application's tracer, or null for {@link #NONE} */
    public CurrentTrace(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The current trace id (32 hex), or null when no valid span is in scope. */
    public String traceId() {
        TraceContext context = context();
        return context != null && TraceParent.isTraceId(context.traceId()) ? context.traceId() : null;
    }

    /** {@code traceparent} of the current span, or null when no valid span is in scope. */
    public String traceparent() {
        TraceContext context = context();
        return context == null
                ? null
                : TraceParent.format(context.traceId(), context.spanId(), Boolean.TRUE.equals(context.sampled()));
    }

    private TraceContext context() {
        return tracer == null ? null : tracer.currentTraceContext().context();
    }
}
