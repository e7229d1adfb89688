package org.gongkai.enrich.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.gongkai.enrich.classify.ReloadableClassifier;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.EventSerializer;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.events.deadletter.DeadLetterPublisher;
import org.gongkai.events.retry.JitteredBackOff;
import org.gongkai.events.spring.TopicsProperties;
import org.gongkai.events.trace.NoticeLog;
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
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Wiring of the pipeline: the enricher, the batch listener and the one error-handling strategy of the consumer.
 *
 * <p>Exactly-once: the producer is transactional ({@code spring.kafka.producer.transaction-id-prefix}), so Spring
 * Boot's {@code KafkaTransactionManager} makes the listener container run each poll (at most
 * {@code gongkai.enrich.max-batch} records, the consumer's {@code max.poll.records}) in one Kafka transaction that
 * holds the enriched events, the dead letters of the poll's bad records and the poll's offsets; downstream consumers
 * read with {@code read_committed}.
 *
 * <p>Error handling, the one strategy: a record that can never be enriched is dead-lettered by the listener in the
 * poll's transaction ({@link EnrichListener}), so the rest of the poll commits with it. Anything else the listener
 * throws (a failed send, a dead letter that could not be written) rolls the poll's transaction back (nothing it
 * sent becomes visible), then a {@link DefaultAfterRollbackProcessor} delivers the whole poll again from its first
 * offsets, blocking those partitions, with exponential back-off ({@link EnrichProperties}); once
 * {@code retry-max-elapsed} has passed it dead-letters every record of the poll, in a transaction that also commits
 * their offsets ({@code batchRecoverAfterRollback}). Both paths go through {@link DeadLetters}, i.e. the contract's
 * one {@link DeadLetterPublisher}, to {@code notices.raw-dlt} on the record's partition with its headers. If a dead
 * letter cannot be published, its transaction aborts and the records are delivered again, so nothing is dropped
 * silently; a dead letter always fits the topic (near-limit records lose their stack trace, then their value). No
 * {@code CommonErrorHandler} is declared: with a transaction manager the container then hands every failure to the
 * after-rollback processor.
 *
 * <p>Fencing: transactional ids are stable per instance ({@code gongkai.enrich.instance-id}), so a restarted
 * instance fences its killed predecessor and the transaction it left open is aborted at once instead of holding
 * {@code read_committed} consumers for {@code transaction.timeout.ms}. A producer fenced while in use (another
 * process with the same id, or a transaction that outlived its timeout) stops its container, as Spring Kafka
 * documents ({@code stopContainerWhenFenced}): without it the container would go on with the next records and could
 * commit past the poll whose transaction was lost. The stopped container turns the {@code kafkaListeners} health
 * DOWN and raises {@code gongkai_kafka_listeners_stopped}; its partitions move to the other instances, and a restart
 * resumes from the last committed offset.
 */
@Configuration(proxyBeanMethods = false)
public class PipelineConfiguration {

    public static final String STAGE = "enrich";

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
    DeadLetters deadLetters(
            KafkaTemplate<String, Object> template,
            TopicsProperties topics,
            @Value("${spring.application.name}") String producer) {
        return new DeadLetters(new DeadLetterPublisher(
                template, Topics.RAW_DLT, STAGE, producer, RawNotice.SCHEMA_VERSION, topics.maxMessageBytes()));
    }

    @Bean
    EnrichListener enrichListener(
            NoticeEnricher enricher,
            KafkaTemplate<String, Object> template,
            DeadLetters deadLetters,
            EnrichMetrics metrics,
            EnrichProperties properties,
            TopicsProperties topics,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator,
            @Value("${spring.application.name}") String producer) {
        return new EnrichListener(
                enricher,
                template,
                deadLetters,
                metrics,
                tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP),
                producer,
                properties.sendTimeout(),
                topics.maxMessageBytes());
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
            DeadLetters deadLetters,
            EnrichProperties properties,
            EnrichMetrics metrics,
            ObjectProvider<Tracer> tracers,
            ObjectProvider<Propagator> propagators) {
        Tracer tracer = tracers.getIfAvailable(() -> Tracer.NOOP);
        Propagator propagator = propagators.getIfAvailable(() -> Propagator.NOOP);
        // After a rollback the poll's record spans are over: each dead letter continues its record's trace.
        ConsumerAwareRecordRecoverer recoverer = (record, consumer, e) -> {
            try (RecordTrace trace = RecordTrace.open(tracer, propagator, record, "enrich dead letter");
                    NoticeLog notice = NoticeLog.of(
                            null,
                            record.key() == null ? null : record.key().toString(),
                            EventHeaders.get(record.headers(), EventHeaders.TRACE_ID))) {
                deadLetters.publish(record, consumer, e);
                metrics.deadLettered();
            }
        };
        return afterRollbackProcessor(recoverer, properties, template);
    }

    /**
     * The after-rollback processor around a recoverer: a failed poll is delivered again from its start with
     * exponential back-off (no jitter: one consumer retrying one poll, no herd to spread) until
     * {@code retry-max-elapsed}, then each of its records is recovered and the poll's offsets are committed in the
     * recoverer's transaction. The container must ask for that ({@link #containerSettings}); records that fail
     * deterministically never get here, the listener dead-letters them at once.
     */
    static DefaultAfterRollbackProcessor<Object, Object> afterRollbackProcessor(
            BiConsumer<ConsumerRecord<?, ?>, Exception> recoverer,
            EnrichProperties properties,
            KafkaOperations<?, ?> template) {
        ExponentialBackOff backOff = JitteredBackOff.exponential(
                properties.retryInitialInterval(), properties.retryMultiplier(), properties.retryMaxInterval());
        backOff.setMaxElapsedTime(properties.retryMaxElapsed().toMillis());
        return new DefaultAfterRollbackProcessor<>(recoverer, backOff, template, true);
    }

    /**
     * The container settings the pipeline relies on: a poll of at most {@code max-batch} records (the consumer's
     * {@code max.poll.records}, so a poll's transaction and its redelivery stay short), recovery of a poll whose
     * retries ran out, and a stopped container when its producer is fenced instead of going on past a lost
     * transaction.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> containerSettings(
            EnrichProperties properties) {
        return container -> {
            ContainerProperties settings = container.getContainerProperties();
            settings.getKafkaConsumerProperties()
                    .setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(properties.maxBatch()));
            settings.setBatchRecoverAfterRollback(true);
            settings.setStopContainerWhenFenced(true);
        };
    }
}
