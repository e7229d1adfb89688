package org.gongkai.events.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.gongkai.events.retention.RetentionWatch;
import org.gongkai.events.retention.RetentionWatchSchedule;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The retention watch ({@link RetentionWatch}) of a service with a consumer group: enrich-service and
 * index-service. Its clients are built from {@code spring.kafka.*} (security settings included) and, as the
 * metrics, tagged with the group.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass({KafkaAdmin.class, MeterRegistry.class})
@ConditionalOnProperty(name = "spring.kafka.consumer.group-id")
@EnableConfigurationProperties(RetentionProperties.class)
public class RetentionAutoConfiguration {

    @Bean
    @ConditionalOnBean(KafkaProperties.class)
    @ConditionalOnProperty(name = "gongkai.retention.enabled", havingValue = "true", matchIfMissing = true)
    public RetentionWatchSchedule gongkaiRetentionWatch(
            KafkaProperties kafka, RetentionProperties properties, ObjectProvider<MeterRegistry> meters) {
        String group = kafka.getConsumer().getGroupId();
        Admin admin = Admin.create(kafka.buildAdminProperties());
        Map<String, Object> consumer = new java.util.HashMap<>(kafka.buildConsumerProperties());
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-retention-watch");
        RetentionWatch watch = new RetentionWatch(
                admin,
                () -> new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                group,
                Clock.systemUTC(),
                meters.getIfAvailable(SimpleMeterRegistry::new),
                properties.timeout());
        return new RetentionWatchSchedule(watch, properties.interval(), () -> {
            try (admin) {
                watch.close();
            }
        });
    }
}
