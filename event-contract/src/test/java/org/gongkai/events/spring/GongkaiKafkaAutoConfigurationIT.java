package org.gongkai.events.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.gongkai.events.Topics;
import org.gongkai.servers.Ports;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaAdmin;

/** Topic declaration and the Kafka health indicator against a real broker. */
class GongkaiKafkaAutoConfigurationIT {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(KafkaAutoConfiguration.class, GongkaiKafkaAutoConfiguration.class));

    @Test
    void declaresTheContractTopicsWithConfiguredPartitionsAndReportsKafkaUp() {
        runner.withPropertyValues(
                        "spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers(),
                        "gongkai.topics.partitions=3")
                .run(context -> {
                    context.getBean(KafkaAdmin.class).initialize();
                    try (Admin admin = Admin.create(
                            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers()))) {
                        Map<String, TopicDescription> topics = admin.describeTopics(java.util.List.of(
                                        Topics.RAW, Topics.RAW_DLT, Topics.ENRICHED, Topics.ENRICHED_DLT))
                                .allTopicNames()
                                .get(30, TimeUnit.SECONDS);
                        assertThat(topics).hasSize(4);
                        assertThat(topics.values())
                                .allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
                        var raw = new ConfigResource(ConfigResource.Type.TOPIC, Topics.RAW);
                        var enriched = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ENRICHED);
                        var configs = admin.describeConfigs(java.util.List.of(raw, enriched))
                                .all()
                                .get(30, TimeUnit.SECONDS);
                        assertThat(configs.get(raw).get("max.message.bytes").value())
                                .isEqualTo("16777216");
                        assertThat(configs.get(raw).get("cleanup.policy").value())
                                .isEqualTo("delete");
                        // Replay-based re-indexing needs the latest structured notice of every id, for good.
                        assertThat(configs.get(enriched).get("cleanup.policy").value())
                                .isEqualTo("compact");
                        assertThat(configs.get(enriched)
                                        .get("max.message.bytes")
                                        .value())
                                .isEqualTo("16777216");
                    }
                    Health health =
                            context.getBean(KafkaClusterHealthIndicator.class).health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("brokers", 1);
                });
    }

    @Test
    void reportsKafkaDownWhenNoBrokerAnswers() {
        runner.withPropertyValues(
                        "spring.kafka.bootstrap-servers=127.0.0.1:" + Ports.freePort(), "gongkai.topics.declare=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(KafkaAdmin.NewTopics.class);
                    Health health =
                            context.getBean(KafkaClusterHealthIndicator.class).health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                });
    }

    @Test
    void rejectsInvalidTopicSettings() {
        runner.withPropertyValues("gongkai.topics.partitions=0")
                .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("partitions"));
    }
}
