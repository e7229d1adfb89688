package org.gongkai.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.MalformedEventException;
import org.gongkai.events.deadletter.DeadLetterPublisher;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The tool on a real broker: records dead-lettered by the contract's {@link DeadLetterPublisher} (the component the
 * consumers use) are listed, and a chosen one is replayed to its source topic once, with its event headers.
 */
class DeadLettersReplayIT {

    private static final String TRACE = "trace-" + UUID.randomUUID().toString().substring(0, 8);

    private static String bootstrap;
    private static Admin admin;
    private static String source;
    private static String dlt;

    @BeforeAll
    static void topics() throws Exception {
        bootstrap = RealServers.kafkaBootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        source = "it-source-" + UUID.randomUUID();
        dlt = source + "-dlt";
        admin.createTopics(List.of(new NewTopic(source, 3, (short) 1), new NewTopic(dlt, 3, (short) 1)))
                .all()
                .get();
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    @Test
    void aChosenDeadLetterIsListedAndReplayedToItsSourceOnceWithItsHeaders() throws Exception {
        String bad = "0123456789abcdef";
        String other = "fedcba9876543210";
        byte[] value = "{\"schemaVersion\":9,\"title\":\"关于印发《农贸市场经营管理规范》的通知\"}".getBytes(StandardCharsets.UTF_8);
        produce(bad, value, "1712345678000000");
        produce(other, "not json".getBytes(StandardCharsets.UTF_8), null);
        List<ConsumerRecord<String, byte[]>> originals = readAll(source);
        assertThat(originals).hasSize(2);

        // dead-letter both through the real component, as enrich-service does
        try (var factory = new Producers()) {
            DeadLetterPublisher publisher = new DeadLetterPublisher(
                    factory.template, dlt, "enrich", "enrich-service", 1, DeadLetterTopics.MAX_RECORD_BYTES);
            for (ConsumerRecord<String, byte[]> r : originals) {
                publisher.accept(
                        r,
                        new MalformedEventException(r.key().equals(bad) ? "unknown schema version 9" : "broken JSON"));
            }
        }

        StringWriter listed = new StringWriter();
        int listCode = DeadLettersCommand.run(
                new String[] {"list", "--bootstrap-servers", bootstrap, "--topic", dlt, "--reason", "schema version"},
                new PrintWriter(listed),
                new PrintWriter(new StringWriter()));
        assertThat(listCode).isZero();
        List<String> lines = listed.toString().lines().toList();
        assertThat(lines).hasSize(2);
        ConsumerRecord<String, byte[]> original =
                originals.stream().filter(r -> r.key().equals(bad)).findFirst().orElseThrow();
        assertThat(lines.get(1).split("\t"))
                .startsWith(dlt, Integer.toString(original.partition()))
                .contains(
                        "enrich",
                        "MalformedEventException: unknown schema version 9",
                        bad,
                        source + ":" + original.partition() + ":" + original.offset(),
                        "1",
                        "1712345678000000",
                        "enrich-service",
                        TRACE);

        StringWriter out = new StringWriter();
        int replayCode = DeadLettersCommand.run(
                new String[] {"replay", "--bootstrap-servers", bootstrap, "--topic", dlt, "--key", bad},
                new PrintWriter(out),
                new PrintWriter(new StringWriter()));
        assertThat(replayCode).as(out.toString()).isZero();
        assertThat(out.toString()).contains("1 replayed, 0 not replayable");

        List<ConsumerRecord<String, byte[]>> after = readAll(source);
        assertThat(after).as("the replay and nothing else").hasSize(3);
        List<ConsumerRecord<String, byte[]>> replays = after.stream()
                .filter(r -> r.headers().lastHeader(Replays.REPLAYED_FROM) != null)
                .toList();
        assertThat(replays).singleElement().satisfies(replay -> {
            assertThat(replay.key()).isEqualTo(bad);
            assertThat(replay.value()).isEqualTo(value);
            assertThat(replay.partition()).isEqualTo(original.partition());
            assertThat(EventHeaders.get(replay.headers(), EventHeaders.TRACE_ID))
                    .isEqualTo(TRACE);
            assertThat(EventHeaders.get(replay.headers(), EventHeaders.SCHEMA_VERSION))
                    .isEqualTo("1");
            assertThat(EventHeaders.get(replay.headers(), EventHeaders.VERSION)).isEqualTo("1712345678000000");
            assertThat(EventHeaders.get(replay.headers(), Replays.REPLAYED_FROM))
                    .startsWith(dlt + ":");
            List<String> names = new ArrayList<>();
            for (Header h : replay.headers()) {
                names.add(h.key());
            }
            assertThat(names).noneMatch(Replays::isDeadLetterHeader).doesNotHaveDuplicates();
        });
    }

    @Test
    void replayWithoutChoiceOrAllIsRefusedAndSendsNothing() {
        StringWriter err = new StringWriter();
        int code = DeadLettersCommand.run(
                new String[] {"replay", "--bootstrap-servers", bootstrap, "--topic", dlt},
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--all");
    }

    private static void produce(String key, byte[] value, String version) throws Exception {
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(),
                new ByteArraySerializer())) {
            RecordHeaders headers = new RecordHeaders();
            EventHeaders.stamp(headers, TRACE, "ingest-service", 1);
            if (version != null) {
                EventHeaders.put(headers, EventHeaders.VERSION, version);
            }
            producer.send(new ProducerRecord<>(source, null, key, value, headers))
                    .get();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }

    /** The template a consumer's dead-letter publisher sends with: String keys, byte[] values as is. */
    private static final class Producers implements AutoCloseable {
        final DefaultKafkaProducerFactory<Object, Object> factory;
        final KafkaTemplate<Object, Object> template;

        Producers() {
            factory = new DefaultKafkaProducerFactory<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
            template = new KafkaTemplate<>(factory);
        }

        @Override
        public void close() {
            factory.destroy();
        }
    }
}
