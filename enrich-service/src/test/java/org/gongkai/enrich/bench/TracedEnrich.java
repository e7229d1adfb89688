package org.gongkai.enrich.bench;

import brave.Tracing;
import brave.context.slf4j.MDCScopeDecorator;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import java.util.function.ToIntFunction;
import org.gongkai.enrich.pipeline.NoticeEnricher;
import org.gongkai.events.RawNotice;
import org.gongkai.events.trace.NoticeLog;

/**
 * What tracing adds to each record in enrich-service, around {@link NoticeEnricher#enrich}: an observation with a
 * Brave tracer (128-bit ids, always sampled, the MDC scope decorator that writes {@code traceId}/{@code spanId}),
 * a meter handler, and {@link NoticeLog}'s site and notice id, as the listener container and {@code EnrichListener}
 * do (the Kafka header injection and extraction are not included). For {@link EnrichBenchmark} with
 * {@code -Dgongkai.bench.traced=true}.
 */
final class TracedEnrich implements ToIntFunction<RawNotice> {

    private final NoticeEnricher enricher;
    private final ObservationRegistry registry = ObservationRegistry.create();

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
        Tracer tracer = new BraveTracer(
                tracing.tracer(),
                new BraveCurrentTraceContext(tracing.currentTraceContext()),
                new BraveBaggageManager());
        registry.observationConfig()
                .observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()))
                .observationHandler(new DefaultTracingObservationHandler(tracer));
    }

    @Override
    public int applyAsInt(RawNotice raw) {
        Observation observation = Observation.createNotStarted("bench.enrich", registry)
                .lowCardinalityKeyValue("listener", "enrich")
                .start();
        try (Observation.Scope scope = observation.openScope();
                NoticeLog notice = NoticeLog.of(raw.siteId(), raw.noticeId())) {
            return enricher.enrich(raw).body().length();
        } finally {
            observation.stop();
        }
    }
}
