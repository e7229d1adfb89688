package org.gongkai.ingest.bench;

import brave.context.slf4j.MDCScopeDecorator;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.sampler.Sampler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.events.EventSerializer;
import org.gongkai.events.Topics;
import org.gongkai.ingest.crawl.KafkaCrawlState;

/** {@link PacedFarmBenchmark}'s copy of what the service's Spring configuration sets up: tracing, producer, topics. */
final class ServiceWiring {

    private ServiceWiring() {}

    record Tracing(Tracer tracer, ObservationRegistry observations) {}

    /**
     * Tracing as Boot configures Brave for the service (128-bit ids, W3C propagation, the ids in the MDC, no
     * exporter) and an observation registry with the tracing handlers and a meter handler.
     */
    static Tracing tracing(MeterRegistry meters) {
        brave.Tracing tracing = brave.Tracing.newBuilder()
                .sampler(Sampler.ALWAYS_SAMPLE)
                .traceId128Bit(true)
                .supportsJoin(false)
                .propagationFactory(new W3CPropagation())
                .currentTraceContext(ThreadLocalCurrentTraceContext.newBuilder()
                        .addScopeDecorator(MDCScopeDecorator.get())
                        .build())
                .addSpanHandler(new SpanHandler() {})
                .build();
        Tracer tracer = new BraveTracer(
                tracing.tracer(),
                new BraveCurrentTraceContext(tracing.currentTraceContext()),
                new BraveBaggageManager());
        BravePropagator propagator = new BravePropagator(tracing);
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig()
                .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                        new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                        new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                        new DefaultTracingObservationHandler(tracer)))
                .observationHandler(new DefaultMeterObservationHandler(meters));
        return new Tracing(tracer, registry);
    }

    /** The service's producer settings (application.yml). */
    static Map<String, Object> producerProperties(String bootstrap) {
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class);
        producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16777216);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return producer;
    }

    /** {@code notices.raw} with 6 partitions as the services declare it, and a compacted state topic. */
    static void createTopics(String bootstrap, String stateTopic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(
                            new NewTopic(Topics.RAW, 6, (short) 1), KafkaCrawlState.topicDeclaration(stateTopic, 6, 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
