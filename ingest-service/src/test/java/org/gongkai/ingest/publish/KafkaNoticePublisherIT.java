package org.gongkai.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.events.EventCodec;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.EventSerializer;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** The publisher on a real broker: tombstones, and how refusals are told apart from an absent broker. */
class KafkaNoticePublisherIT {

    @BeforeAll
    static void createTopic() throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", RealServers.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.RAW, 6, (short) 1)))
                    .all()
                    .get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static KafkaTemplate<String, Object> template(String bootstrap, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putAll(extra);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    @Test
    void tombstoneIsANullValueWithTheStandardHeaders() throws Exception {
        String noticeId = NoticeIds.fromUrl("http://portal.test/gone-" + System.nanoTime() + ".html");
        KafkaTemplate<String, Object> template = template(RealServers.kafkaBootstrapServers(), Map.of());
        try {
            new KafkaNoticePublisher(template, "ingest-service").publishTombstone(noticeId);
        } finally {
            template.destroy();
        }

        ConsumerRecord<String, byte[]> record = find(noticeId);
        assertThat(record.value()).isNull();
        assertThat(EventHeaders.get(record.headers(), EventHeaders.PRODUCER)).isEqualTo("ingest-service");
        assertThat(EventHeaders.get(record.headers(), EventHeaders.SCHEMA_VERSION))
                .isEqualTo("1");
        assertThat(EventHeaders.get(record.headers(), EventHeaders.TRACE_ID)).isNotBlank();
    }

    @Test
    void aRecordTooLargeIsRefusedWithoutBlamingTheBroker() {
        // Too large by its text alone: the publisher leaves the raw bytes out, as the service does by default.
        RawNotice notice = notice(100_000);
        assertThat(EventCodec.instance().write(new RecordFit(1024 * 1024).fit(notice)).length)
                .isGreaterThan(200_000);
        KafkaTemplate<String, Object> template =
                template(RealServers.kafkaBootstrapServers(), Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 100_000));
        try {
            assertThatThrownBy(() -> new KafkaNoticePublisher(template, "ingest-service").publish(notice))
                    .isInstanceOfSatisfying(
                            PublishException.class,
                            e -> assertThat(e.brokerUnavailable()).isFalse())
                    .hasMessageContaining("RecordTooLarge");
        } finally {
            template.destroy();
        }
    }

    @Test
    void anAbsentBrokerIsReportedAsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        KafkaTemplate<String, Object> template =
                template("127.0.0.1:" + closedPort, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000));
        try {
            assertThatThrownBy(() -> new KafkaNoticePublisher(template, "ingest-service").publish(notice(10)))
                    .isInstanceOfSatisfying(
                            PublishException.class,
                            e -> assertThat(e.brokerUnavailable()).isTrue());
        } finally {
            template.destroy();
        }
    }

    /** A notice whose body is {@code chars} random CJK characters (three bytes each in UTF-8; incompressible). */
    private static RawNotice notice(int chars) {
        String url = "http://portal.test/n-" + System.nanoTime() + ".html";
        StringBuilder text = new StringBuilder(chars);
        new java.util.Random(1).ints(chars, 0x4E00, 0x9FA6).forEach(text::appendCodePoint);
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.now();
        return new RawNotice(
                1,
                NoticeIds.fromUrl(url),
                url,
                url,
                "it",
                "crawl",
                now,
                1,
                200,
                Map.of(),
                "text/html",
                "UTF-8",
                "detected",
                text.toString(),
                body,
                false,
                NoticeIds.sha256Hex(body),
                List.of());
    }

    private static ConsumerRecord<String, byte[]> find(String key) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RAW).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }
}
