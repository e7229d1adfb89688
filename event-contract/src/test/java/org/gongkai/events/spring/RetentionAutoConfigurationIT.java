package org.gongkai.events.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.events.retention.RetentionWatchSchedule;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The retention watch as a service gets it, against a real broker. */
class RetentionAutoConfigurationIT {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, RetentionAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers());

    @Test
    void recordsLostWhileTheServiceWasDownAreCountedAsItStarts() throws Exception {
        String bootstrap = RealServers.kafkaBootstrapServers();
        String topic = "retention-auto-it-" + UUID.randomUUID();
        String group = "retention-auto-it-" + UUID.randomUUID();
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                var producer = new KafkaProducer<>(
                        Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                        new StringSerializer(),
                        new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v")).get();
            }
            admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(1)))
                    .all()
                    .get();
            admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(3)))
                    .all()
                    .get();
        }

        runner.withPropertyValues("spring.kafka.consumer.group-id=" + group).run(context -> {
            assertThat(context.getBean(RetentionWatchSchedule.class).isRunning())
                    .isTrue();
            // counted by the check that runs while the context starts, before any listener would
            assertThat(context.getBean(MeterRegistry.class)
                            .get("gongkai.kafka.records.expired")
                            .tags("group", group, "topic", topic)
                            .counter()
                            .count())
                    .isEqualTo(2.0);
        });
    }

    @Test
    void aServiceWithoutConsumerGroupHasNoWatch() {
        runner.run(context -> assertThat(context).doesNotHaveBean(RetentionWatchSchedule.class));
    }

    @Test
    void theWatchCanBeSwitchedOff() {
        runner.withPropertyValues("spring.kafka.consumer.group-id=g", "gongkai.retention.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RetentionWatchSchedule.class));
    }

    @Test
    void aTimeoutNotShorterThanTheIntervalFailsTheStart() {
        runner.withPropertyValues(
                        "spring.kafka.consumer.group-id=g",
                        "gongkai.retention.interval=10s",
                        "gongkai.retention.timeout=10s")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining("shorter than gongkai.retention.interval"));
    }
}
