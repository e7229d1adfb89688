package org.gongkai.enrich.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import brave.Tracing;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gongkai.events.trace.TraceParent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordTraceTest {

    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final Tracing tracing = Tracing.newBuilder()
            .traceId128Bit(true)
            .addSpanHandler(new SpanHandler() {})
            .propagationFactory(new W3CPropagation(new BraveBaggageManager(), List.of()))
            .currentTraceContext(ThreadLocalCurrentTraceContext.create())
            .build();
    private final Tracer tracer = new BraveTracer(
            tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()), new BraveBaggageManager());

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void aDeadLetterContinuesTheTraceOfItsRecord() {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("notices.raw", 0, 7L, "0123456789abcdef", "x");
        record.headers()
                .add(TraceParent.HEADER, ("00-" + TRACE + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.US_ASCII));

        try (RecordTrace trace = RecordTrace.open(tracer, new BravePropagator(tracing), record, "dead letter")) {
            assertThat(tracer.currentSpan().context().traceId()).isEqualTo(TRACE);
            assertThat(tracer.currentSpan().context().parentId()).isEqualTo("00f067aa0ba902b7");
        }
        assertThat(tracer.currentSpan()).as("closed").isNull();
    }

    @Test
    void withoutATraceparentTheDeadLetterStartsATrace() {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("notices.raw", 0, 7L, "0123456789abcdef", "x");

        try (RecordTrace trace = RecordTrace.open(tracer, new BravePropagator(tracing), record, "dead letter")) {
            assertThat(TraceParent.isTraceId(tracer.currentSpan().context().traceId()))
                    .isTrue();
        }
    }
}
