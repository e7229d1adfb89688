package org.gongkai.events.spring;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.gongkai.events.Topics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * What every Gongkai service needs from Kafka beyond Spring Boot's defaults: the contract's four topics declared
 * with partitions and replication from {@link TopicsProperties}, a {@code kafka} health indicator, and a
 * {@code kafkaListeners} health indicator (with its gauge) where the service has listener containers.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaAdmin.class)
@EnableConfigurationProperties(TopicsProperties.class)
public class GongkaiKafkaAutoConfiguration {

    @Bean
    @ConditionalOnProperty(name = "gongkai.topics.declare", havingValue = "true", matchIfMissing = true)
    public KafkaAdmin.NewTopics gongkaiTopics(TopicsProperties topics) {
        NewTopic enriched = topic(Topics.ENRICHED, topics);
        enriched.configs(java.util.Map.of(
                "max.message.bytes", Integer.toString(topics.maxMessageBytes()),
                "cleanup.policy", topics.enrichedCleanupPolicy()));
        return new KafkaAdmin.NewTopics(
                topic(Topics.RAW, topics), topic(Topics.RAW_DLT, topics), enriched, topic(Topics.ENRICHED_DLT, topics));
    }

    @Bean(name = "kafkaHealthIndicator")
    @ConditionalOnBean(KafkaAdmin.class)
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    public KafkaClusterHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaClusterHealthIndicator(admin, Duration.ofSeconds(3));
    }

    @Bean(name = "kafkaListenersHealthIndicator")
    @ConditionalOnBean(KafkaListenerEndpointRegistry.class)
    @ConditionalOnMissingBean(name = "kafkaListenersHealthIndicator")
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    public KafkaListenersHealthIndicator kafkaListenersHealthIndicator(
            KafkaListenerEndpointRegistry registry, ObjectProvider<MeterRegistry> meters) {
        MeterRegistry meterRegistry = meters.getIfAvailable();
        return meterRegistry == null
                ? new KafkaListenersHealthIndicator(registry)
                : new KafkaListenersHealthIndicator(registry, meterRegistry);
    }

    private static NewTopic topic(String name, TopicsProperties topics) {
        return TopicBuilder.name(name)
                .partitions(topics.partitions())
                .replicas(topics.replication())
                .config("max.message.bytes", Integer.toString(topics.maxMessageBytes()))
                .build();
    }
}
