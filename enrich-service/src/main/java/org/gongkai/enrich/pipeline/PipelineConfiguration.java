package org.gongkai.enrich.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.gongkai.enrich.classify.SubjectClassifier;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.EventSerializer;
import org.gongkai.events.MalformedEventException;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.DeserializationException;
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
 * {@link DeadLetterPublishingRecoverer} publishes the record to {@code notices.raw-dlt} on the same partition with
 * Spring Kafka's {@code kafka_dlt-*} headers (exception, original topic/partition/offset), plus
 * {@value #DLT_REASON} and {@value #DLT_STAGE}, in a transaction that also commits the record's offset. If the
 * dead letter cannot be published, that transaction aborts and the record is delivered again, so nothing is
 * dropped silently. No {@code CommonErrorHandler} is declared: with a transaction manager the container then hands
 * every failure to the after-rollback processor.
 */
@Configuration(proxyBeanMethods = false)
public class PipelineConfiguration {

    public static final String DLT_REASON = "gongkai-dlt-reason";
    public static final String DLT_STAGE = "gongkai-dlt-stage";
    public static final String STAGE = "enrich";

    private static final Logger log = LoggerFactory.getLogger(PipelineConfiguration.class);

    private static final int MAX_REASON = 1000;

    @Bean
    NoticeEnricher noticeEnricher(
            ObjectProvider<BuildProperties> buildProperties,
            MeterRegistry registry,
            EnrichProperties properties,
            CrawlerSiteHints crawlerSites,
            SubjectClassifier classifier) {
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
            @Value("${spring.application.name}") String producer) {
        return new EnrichListener(enricher, template, metrics, producer, properties.sendTimeout());
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
            @Value("${spring.application.name}") String producer) {
        DeadLetterPublishingRecoverer dlt = new DeadLetterPublishingRecoverer(
                template, (record, e) -> new TopicPartition(Topics.RAW_DLT, record.partition()));
        dlt.setHeadersFunction((record, e) -> deadLetterHeaders(record.headers(), e, producer));

        ConsumerAwareRecordRecoverer recoverer = (record, consumer, e) -> {
            dlt.accept(record, consumer, e);
            metrics.deadLettered();
            log.warn(
                    "Dead-lettered {}-{}@{} (key {}) to {}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.key(),
                    Topics.RAW_DLT,
                    reason(e));
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
        ExponentialBackOff backOff =
                new ExponentialBackOff(properties.retryInitialInterval().toMillis(), properties.retryMultiplier());
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
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

    /**
     * Headers added to a dead letter (after the original record's, which the recoverer copies): reason, stage,
     * producer, and a trace id and schema version only where the original had none.
     */
    static Headers deadLetterHeaders(Headers original, Exception e, String producer) {
        Headers headers = new RecordHeaders();
        headers.add(DLT_REASON, truncate(reason(e)).getBytes(StandardCharsets.UTF_8));
        headers.add(DLT_STAGE, STAGE.getBytes(StandardCharsets.UTF_8));
        if (EventHeaders.get(original, EventHeaders.TRACE_ID) == null) {
            EventHeaders.put(headers, EventHeaders.TRACE_ID, EventHeaders.newTraceId());
        }
        EventHeaders.put(headers, EventHeaders.PRODUCER, producer);
        if (EventHeaders.get(original, EventHeaders.SCHEMA_VERSION) == null) {
            EventHeaders.put(headers, EventHeaders.SCHEMA_VERSION, Integer.toString(RawNotice.SCHEMA_VERSION));
        }
        return headers;
    }

    /** The most telling cause: below the listener wrapper and the deserializer wrapper. */
    static String reason(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ListenerExecutionFailedException || cause instanceof DeserializationException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "…";
    }
}
