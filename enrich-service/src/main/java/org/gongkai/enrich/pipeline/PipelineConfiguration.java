package org.gongkai.enrich.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.gongkai.enrich.classify.ReloadableClassifier;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.EventSerializer;
import org.gongkai.events.MalformedEventException;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.events.deadletter.DeadLetterPublisher;
import org.gongkai.events.retry.JitteredBackOff;
import org.gongkai.events.spring.TopicsProperties;
import org.gongkai.events.trace.NoticeLog;
import org.gongkai.events.trace.TraceParent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Wiring of the pipeline: the enricher, the listener and the one error-handling strategy of the consumer.
 *
 * <p>Exactly-once: the producer is transactional ({@code spring.kafka.producer.transaction-id-prefix}), so Spring
 * Boot's {@code KafkaTransactionManager} makes the listener container run each record in a Kafka transaction that
 * holds the enriched event and the consumed offset; downstream consumers read with {@code read_committed}.
 *
 * <p>Error handling, the one strategy: a failed record rolls its transaction back (nothing it sent becomes
 * visible), then a {@link DefaultAfterRollbackProcessor} retries transient faults (failed sends) in place,
 * blocking the partition, with exponential back-off ({@link EnrichProperties}); then, or at once for non-retryable
 * faults (malformed values, enrichment failures, illegal arguments, serialization errors), a
 * {@link DeadLetterPublisher} (the contract's one dead-letter path) publishes the record to {@code notices.raw-dlt}
 * on the same partition with its headers, in a transaction that also commits the record's offset. If the dead
 * letter cannot be published, that transaction aborts and the record is delivered again, so nothing is dropped
 * silently; a dead letter always fits the topic (near-limit records lose their stack trace, then their value). No
 * {@code CommonErrorHandler} is declared: with a transaction manager the container then hands every failure to the
 * after-rollback processor.
 *
 * <p>Fencing: transactional ids are stable per instance ({@code gongkai.enrich.instance-id}), so a restarted
 * instance fences its killed predecessor and the transaction it left open is aborted at once instead of holding
 * {@code read_committed} consumers for {@code transaction.timeout.ms}. A producer fenced while in use (another
 * process with the same id, or a transaction that outlived its timeout) stops its container, as Spring Kafka
 * documents ({@code stopContainerWhenFenced}): without it the container would go on with the next records and could
 * commit past the record whose transaction was lost. The stopped container turns the {@code kafkaListeners} health
 * DOWN and raises {@code gongkai_kafka_listeners_stopped}; its partitions move to the other instances, and a restart
 * resumes from the last committed offset.
 */
@Configuration(proxyBeanMethods = false)
public class PipelineConfiguration {

    public static final String STAGE = "enrich";

    private static final Logger log = LoggerFactory.getLogger(PipelineConfiguration.class);

    @Bean
    NoticeEnricher noticeEnricher(
            ObjectProvider<BuildProperties> buildProperties,
            MeterRegistry registry,
            EnrichProperties properties,
            CrawlerSiteHints crawlerSites,
            ReloadableClassifier classifier) {
        BuildProperties build = buildProperties.getIfAvailable();
        String version = build != null && build.getVersion() != null ? build.getVersion() : "dev";
        return new NoticeEnricher(
                version, Clock.systemUTC(), registry, crawlerSites.merge(properties.sites()), classifier);
    }

    @Bean
    EnrichMetrics enrichMetrics(MeterRegistry registry) {
        return new EnrichMetrics(registry);
    }

    @Bean
    EnrichListener enrichListener(
            NoticeEnricher enricher,
            KafkaTemplate<String, Object> template,
            EnrichMetrics metrics,
            EnrichProperties properties,
            ObjectProvider<Tracer> tracer,
            @Value("${spring.application.name}") String producer) {
        Tracer current = tracer.getIfAvailable(() -> Tracer.NOOP);
        return new EnrichListener(enricher, template, metrics, producer, properties.sendTimeout(), () -> {
            TraceContext context = current.currentTraceContext().context();
            return context != null && TraceParent.isTraceId(context.traceId()) ? context.traceId() : null;
        });
    }

    /**
     * One producer for events and dead letters: dead letters of unreadable values carry the original bytes, so the
     * value serializer writes {@code byte[]} as is and everything else through the contract's
     * {@link EventSerializer} (tombstones stay null). One producer factory means one transaction for the dead letter
     * and the offset.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer eventOrBytesSerializer() {
        return factory -> {
            Map<Class<?>, Serializer<?>> delegates = new LinkedHashMap<>();
            delegates.put(byte[].class, new ByteArraySerializer());
            delegates.put(Object.class, new EventSerializer());
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<String, Object> typed = (DefaultKafkaProducerFactory<String, Object>) factory;
            typed.setValueSerializer(new DelegatingByTypeSerializer(delegates, true));
        };
    }

    @Bean
    DefaultAfterRollbackProcessor<Object, Object> afterRollbackProcessor(
            KafkaTemplate<String, Object> template,
            EnrichProperties properties,
            EnrichMetrics metrics,
            TopicsProperties topics,
            ObjectProvider<Tracer> tracers,
            ObjectProvider<Propagator> propagators,
            @Value("${spring.application.name}") String producer) {
        Tracer tracer = tracers.getIfAvailable(() -> Tracer.NOOP);
        Propagator propagator = propagators.getIfAvailable(() -> Propagator.NOOP);
        DeadLetterPublisher dlt = new DeadLetterPublisher(
                template, Topics.RAW_DLT, STAGE, producer, RawNotice.SCHEMA_VERSION, topics.maxMessageBytes());

        // After a rollback the listener's observation is over: the dead letter continues the record's trace.
        ConsumerAwareRecordRecoverer recoverer = (record, consumer, e) -> {
            try (RecordTrace trace = RecordTrace.open(tracer, propagator, record, "enrich dead letter");
                    NoticeLog notice = NoticeLog.of(
                            null,
                            record.key() == null ? null : record.key().toString(),
                            EventHeaders.get(record.headers(), EventHeaders.TRACE_ID))) {
                dlt.accept(record, consumer, e);
                metrics.deadLettered();
                log.warn(
                        "Dead-lettered {}-{}@{} (key {}) to {}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.key(),
                        Topics.RAW_DLT,
                        DeadLetterPublisher.reason(e));
            }
        };
        return afterRollbackProcessor(recoverer, properties, template);
    }

    /**
     * The after-rollback processor around a recoverer: exponential back-off for what may be transient, immediate
     * recovery for the exceptions that would fail again (the classifier also looks at causes). With a template,
     * the recovered record's offset is committed in the recoverer's transaction.
     */
    static DefaultAfterRollbackProcessor<Object, Object> afterRollbackProcessor(
            BiConsumer<ConsumerRecord<?, ?>, Exception> recoverer,
            EnrichProperties properties,
            KafkaOperations<?, ?> template) {
        // The shared sequence without jitter: one consumer retrying one record, no herd to spread.
        ExponentialBackOff backOff = JitteredBackOff.exponential(
                properties.retryInitialInterval(), properties.retryMultiplier(), properties.retryMaxInterval());
        backOff.setMaxElapsedTime(properties.retryMaxElapsed().toMillis());

        DefaultAfterRollbackProcessor<Object, Object> processor =
                new DefaultAfterRollbackProcessor<>(recoverer, backOff, template, template != null);
        processor.addNotRetryableExceptions(
                MalformedEventException.class,
                EnrichmentException.class,
                IllegalArgumentException.class,
                SerializationException.class,
                RecordTooLargeException.class);
        return processor;
    }

    /** Stops a container whose producer was fenced instead of letting it go on past a lost transaction. */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> stopWhenFenced() {
        return container -> container.getContainerProperties().setStopContainerWhenFenced(true);
    }
}
