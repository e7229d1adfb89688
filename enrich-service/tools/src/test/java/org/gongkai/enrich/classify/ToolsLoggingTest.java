package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The tools' logging configuration (src/main/resources/logback.xml): their own lines, not the Kafka client's dumps. */
class ToolsLoggingTest {

    @Test
    void theToolsLogAtInfoAndTheKafkaClientOnlyFromWarn() {
        assertThat(LoggerFactory.getLogger(ContinuousTrainer.class).isInfoEnabled())
                .isTrue();
        assertThat(LoggerFactory.getLogger(TrainContinuously.class).isInfoEnabled())
                .isTrue();
        assertThat(LoggerFactory.getLogger(ConsumerConfig.class).isInfoEnabled())
                .as("Kafka's ConsumerConfig dump (INFO) is off")
                .isFalse();
        assertThat(LoggerFactory.getLogger(ConsumerConfig.class).isWarnEnabled())
                .isTrue();
    }
}
