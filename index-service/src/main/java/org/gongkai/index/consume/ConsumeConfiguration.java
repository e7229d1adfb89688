package org.gongkai.index.consume;

import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.elasticsearch.client.RestClient;
import org.gongkai.elasticsearch.ElasticsearchProperties;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventSerializer;
import org.gongkai.events.Topics;
import org.gongkai.events.deadletter.DeadLetterPublisher;
import org.gongkai.events.retry.JitteredBackOff;
import org.gongkai.events.spring.TopicsProperties;
import org.gongkai.index.IndexProperties;
import org.gongkai.index.write.BulkIndexer;
import org.gongkai.index.write.ElasticsearchBulkExecutor;
import org.gongkai.index.write.IndexMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;

/**
 * Writing side: the listener, its planner and bulk indexer, the dead-letter path, the Kafka error handler and the
 * commit mode.
 */
@Configuration(proxyBeanMethods = false)
public class ConsumeConfiguration {

    /** {@code gongkai-dlt-stage} of this service's dead letters. */
    public static final String STAGE = "index";

    /** Kafka's default {@code max.poll.interval.ms} (kafka-clients has no public constant for it). */
    static final Duration KAFKA_DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(ConsumeConfiguration.class);

    @Bean
    IndexMetrics indexMetrics(MeterRegistry registry) {
        return new IndexMetrics(registry);
    }

    /**
     * The only records this service produces are dead letters: the original event, or the original bytes of a value
     * that could not be deserialised. Serialise each as what it is.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer deadLetterValueSerializer() {
        return factory -> {
            Map<Class<?>, Serializer<?>> delegates = new LinkedHashMap<>();
            delegates.put(byte[].class, new ByteArraySerializer());
            delegates.put(EnrichedNotice.class, new EventSerializer<EnrichedNotice>());
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<Object, Object> objects = (DefaultKafkaProducerFactory<Object, Object>) factory;
            objects.setValueSerializer(new DelegatingByTypeSerializer(delegates));
        };
    }

    @Bean
    DeadLetters deadLetters(
            KafkaOperations<?, ?> kafkaTemplate,
            TopicsProperties topics,
            IndexMetrics metrics,
            @Value("${spring.application.name}") String producer) {
        return new DeadLetters(
                new DeadLetterPublisher(
                        kafkaTemplate,
                        Topics.ENRICHED_DLT,
                        STAGE,
                        producer,
                        EnrichedNotice.SCHEMA_VERSION,
                        topics.maxMessageBytes()),
                metrics);
    }

    /**
     * The one error handler (Boot applies it to the listener container factory). It sees only what the listener
     * throws, and redelivers the batch with exponential backoff and no limit (consumer paused, nothing committed),
     * whatever the exception: the listener dead-letters the records that are faulty themselves, so a batch it gave
     * up on holds records that were never written and must never be dead-lettered as a whole (or committed).
     * Spring Kafka's default fatal exceptions are cleared for the same reason.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(IndexProperties properties) {
        DefaultErrorHandler handler =
                new DefaultErrorHandler(ConsumeConfiguration::neverRecover, unlimited(properties.redelivery()));
        handler.setClassifications(Map.of(), true);
        return handler;
    }

    /** The error handler's recoverer, unreachable with an unlimited back-off; refuses rather than drop a record. */
    static void neverRecover(ConsumerRecord<?, ?> record, Exception e) {
        throw new IllegalStateException(
                "a batch is never dead-lettered as a whole; redelivering " + record.topic() + "-" + record.partition()
                        + "@" + record.offset(),
                e);
    }

    @Bean
    BatchPlanner batchPlanner(JacksonJsonpMapper jsonpMapper) {
        return new BatchPlanner(jsonpMapper.objectMapper(), Clock.systemUTC());
    }

    /**
     * The bulk indexer, its requests with their own socket timeout ({@code gongkai.index.bulk.request-timeout}), small
     * ones sent one at a time across the consumers ({@code gongkai.index.bulk.serial-max-documents}).
     *
     * @throws IllegalStateException when one batch's retries and request could outlast the consumer's
     *     {@code max.poll.interval.ms}: the group would evict the consumer mid-batch
     */
    @Bean
    BulkIndexer bulkIndexer(
            RestClient client,
            IndexProperties properties,
            ElasticsearchProperties connection,
            KafkaProperties kafka,
            IndexMetrics metrics) {
        IndexProperties.Bulk bulk = properties.bulk();
        Duration pollInterval = maxPollInterval(kafka);
        if (bulk.maxRetryTime().plus(bulk.requestTimeout()).compareTo(pollInterval) >= 0) {
            throw new IllegalStateException("gongkai.index.bulk.max-retry-time (" + bulk.maxRetryTime()
                    + ") plus gongkai.index.bulk.request-timeout (" + bulk.requestTimeout()
                    + ") must stay under the consumer's max.poll.interval.ms (" + pollInterval + ")");
        }
        boolean replay = properties.mode() == IndexProperties.Mode.REPLAY;
        String target = replay ? properties.names().index() : properties.names().writeAlias();
        var timeouts = new ElasticsearchBulkExecutor.Timeouts(connection.connectionTimeout(), bulk.requestTimeout());
        return new BulkIndexer(new ElasticsearchBulkExecutor(client, target, !replay, timeouts), bulk, metrics);
    }

    /** The consumer's {@code max.poll.interval.ms} as configured, else Kafka's default (5 minutes). */
    static Duration maxPollInterval(KafkaProperties kafka) {
        Object configured = kafka.buildConsumerProperties().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        return configured == null
                ? KAFKA_DEFAULT_MAX_POLL_INTERVAL
                : Duration.ofMillis(Long.parseLong(configured.toString()));
    }

    /**
     * Offsets of a finished batch are committed asynchronously ({@code gongkai.index.async-commits}, default true):
     * the container commits only after the listener returned, i.e. after every record of the batch was resolved, so
     * the invariant holds; the consumer just does not wait for the broker's answer before its next poll. A commit
     * that is lost (the broker refuses it, or a rebalance or crash overtakes it) only makes the next owner of the
     * partitions consume the batch again, which external versions make harmless. A later commit of the same partition
     * supersedes it, and closing the consumer waits for commits in flight.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> commitModeCustomizer(
            IndexProperties properties) {
        return container -> {
            ContainerProperties settings = container.getContainerProperties();
            settings.setSyncCommits(!properties.asyncCommits());
            settings.setCommitCallback((offsets, e) -> {
                if (e != null) {
                    log.info(
                            "Offset commit failed; a later commit supersedes it, else the batch is consumed again: {}",
                            e.toString());
                }
            });
        };
    }

    @Bean
    IndexingStatus indexingStatus() {
        return new IndexingStatus(Clock.systemUTC());
    }

    @Bean(name = "indexingHealthIndicator")
    IndexingHealthIndicator indexingHealthIndicator(IndexingStatus status) {
        return new IndexingHealthIndicator(status);
    }

    @Bean
    EnrichedNoticeListener enrichedNoticeListener(
            BatchPlanner planner,
            BulkIndexer indexer,
            DeadLetters deadLetters,
            IndexMetrics metrics,
            IndexingStatus status) {
        return new EnrichedNoticeListener(planner, indexer, deadLetters, metrics, status);
    }

    static JitteredBackOff unlimited(IndexProperties.Redelivery redelivery) {
        return JitteredBackOff.doubling(redelivery.initialInterval(), redelivery.maxInterval());
    }
}
