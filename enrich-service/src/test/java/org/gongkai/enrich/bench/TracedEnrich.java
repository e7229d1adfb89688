package org.gongkai.enrich.bench;

import brave.Tracing;
import brave.context.slf4j.MDCScopeDecorator;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import java.util.function.ToIntFunction;
import org.gongkai.enrich.pipeline.NoticeEnricher;
import org.gongkai.events.RawNotice;
import org.gongkai.events.trace.NoticeLog;

/**
 * What tracing adds to each record in enrich-service, around {@link NoticeEnricher#enrich}: a span of a Brave tracer
 * (128-bit ids, always sampled, the MDC scope decorator that writes {@code traceId}/{@code spanId}) in scope, and
 * {@link NoticeLog}'s site and notice id, as {@code EnrichListener} does per record of a poll ({@code RecordTrace};
 * the Kafka header extraction and injection are not included). For {@link EnrichBenchmark} with
 * {@code -Dgongkai.bench.traced=true}.
 */
final class TracedEnrich implements ToIntFunction<RawNotice> {

    private final NoticeEnricher enricher;
    private final Tracer tracer;

    TracedEnrich(NoticeEnricher enricher) {
        this.enricher = enricher;
        // a handler that drops finished spans, as Boot's composite handler does without a reporter (Brave ignores
        // SpanHandler.NOOP, and without any handler it logs every span)
        Tracing tracing = Tracing.newBuilder()
                .addSpanHandler(new SpanHandler() {})
                .traceId128Bit(true)
                .currentTraceContext(ThreadLocalCurrentTraceContext.newBuilder()
                        .addScopeDecorator(MDCScopeDecorator.get())
                        .build())
                .build();
        tracer = new BraveTracer(
                tracing.tracer(),
                new BraveCurrentTraceContext(tracing.currentTraceContext()),
                new BraveBaggageManager());
    }

    @Override
    public int applyAsInt(RawNotice raw) {
        Span span = tracer.nextSpan().name("enrich").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span);
                NoticeLog notice = NoticeLog.of(raw.siteId(), raw.noticeId())) {
            return enricher.enrich(raw).body().length();
        } finally {
            span.end();
        }
    }
}
