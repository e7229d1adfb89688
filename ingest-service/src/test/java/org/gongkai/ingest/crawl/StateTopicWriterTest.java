package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class StateTopicWriterTest {

    @Test
    void stateRecordsWaitLongerThanTheServicesLingerToShareRequests() {
        Map<String, Object> props = StateTopicWriter.producerProperties(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092"));

        assertThat(props)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, (long) StateTopicWriter.STATE_LINGER_MS)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "ingest-crawl-state")
                .containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class)
                .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    @Test
    void aLongerConfiguredLingerIsKept() {
        assertThat(StateTopicWriter.producerProperties(Map.of(ProducerConfig.LINGER_MS_CONFIG, 200)))
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 200L);
    }

    @Test
    void withoutAConfiguredLingerTheStatesOwnApplies() {
        assertThat(StateTopicWriter.producerProperties(Map.of()))
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, (long) StateTopicWriter.STATE_LINGER_MS);
    }
}
