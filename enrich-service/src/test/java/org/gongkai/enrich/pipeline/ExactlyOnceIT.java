package org.gongkai.enrich.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.intThat;
import static org.mockito.Mockito.doThrow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.gongkai.enrich.Fixtures;
import org.gongkai.events.EventCodec;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Exactly-once between {@code notices.raw} and {@code notices.enriched} on a real broker: a failure after the
 * enriched event was sent (and acknowledged) aborts the transaction, the retry commits the event again, and a
 * {@code read_committed} consumer sees it once, while a {@code read_uncommitted} one also sees the aborted write.
 * The consumed offset is committed with the transaction.
 *
 * <p>Its own consumer group starting at the end of the topic, so records of other tests are not re-processed; the
 * failure is injected through the metrics bean, which the listener calls after the poll's sends are acknowledged,
 * before the commit.
 */
@SpringBootTest(
        properties = {
            "logging.level.org.apache.kafka=WARN",
            "spring.kafka.consumer.group-id=enrich-exactly-once-it",
            "spring.kafka.consumer.auto-offset-reset=latest",
            "gongkai.enrich.retry-initial-interval=100ms",
            "gongkai.enrich.retry-max-elapsed=20s"
        })
@DirtiesContext
class ExactlyOnceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        RealServers.registerKafka(registry);
    }

    @MockitoSpyBean
    private EnrichMetrics metrics;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Test
    void aFailureAfterTheSendIsRolledBackAndTheEventCommittedOnce() throws Exception {
        await().atMost(TIMEOUT)
                .until(() -> listeners
                                .getListenerContainer(EnrichListener.LISTENER_ID)
                                .getAssignedPartitions()
                                .size()
                        == 6);
        doThrow(new PublishException("injected after the send", null))
                .doCallRealMethod()
                .when(metrics)
                .poll(intThat(enriched -> enriched > 0), anyInt(), anyInt());

        RawNotice raw = Fixtures.raw(
                "https://www.donghu.gov.cn/xxgk/202308/t20230803_" + UUID.randomUUID() + ".html",
                "text/html",
                Fixtures.text("fixtures/trs-table.html"));
        String key = raw.noticeId();
        RecordMetadata first;
        RecordMetadata marker;
        try (KafkaProducer<String, byte[]> producer = KeyReads.producer()) {
            first = producer.send(new ProducerRecord<>(
                            Topics.RAW, key, EventCodec.instance().write(raw)))
                    .get(30, TimeUnit.SECONDS);
            // a tombstone behind it on the same partition: once it is visible, everything before it is settled
            marker = producer.send(new ProducerRecord<>(Topics.RAW, key, null)).get(30, TimeUnit.SECONDS);
        }
        assertThat(marker.partition()).isEqualTo(first.partition());

        List<ConsumerRecord<String, byte[]>> committed =
                KeyReads.readUntilTombstone(Topics.ENRICHED, "read_committed", key);
        assertThat(committed).hasSize(2);
        assertThat(committed.get(0).value()).isNotNull();
        assertThat(EventCodec.instance().readEnriched(committed.get(0).value()).noticeId())
                .isEqualTo(raw.noticeId());

        // the raw record and the tombstone may share a poll, whose aborted attempt may hold a tombstone too
        List<ConsumerRecord<String, byte[]>> uncommitted = KeyReads.read(
                Topics.ENRICHED,
                "read_uncommitted",
                key,
                found -> found.stream().filter(r -> r.value() != null).count() >= 2);
        assertThat(uncommitted.stream().filter(r -> r.value() != null))
                .as("the aborted write and the committed one")
                .hasSize(2);

        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers()))) {
            TopicPartition partition = new TopicPartition(Topics.RAW, first.partition());
            await().atMost(TIMEOUT).untilAsserted(() -> {
                OffsetAndMetadata offset = admin.listConsumerGroupOffsets("enrich-exactly-once-it")
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS)
                        .get(partition);
                assertThat(offset).isNotNull();
                assertThat(offset.offset()).isEqualTo(marker.offset() + 1);
            });
        }
    }
}
