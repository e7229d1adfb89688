package org.gongkai.testsupport;

import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same contract on Testcontainers; skipped where no Docker engine answers. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerServersIT extends ServerContract {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(RealServers.KAFKA_IMAGE);

    @Container
    static final ElasticsearchContainer ES =
            new ElasticsearchContainer(RealServers.ES_IMAGE).withEnv("xpack.security.enabled", "false");

    @Override
    String kafka() {
        return KAFKA.getBootstrapServers();
    }

    @Override
    String elasticsearch() {
        return "http://" + ES.getHttpHostAddress();
    }
}
