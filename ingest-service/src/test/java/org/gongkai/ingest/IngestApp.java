package org.gongkai.ingest;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gongkai.testsupport.RealServers;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The ingest application in the test's JVM against the real broker, as the restart tests (RestartIT, RepublishIT,
 * ResumeIT) start it again and again, and the topics it writes, read to their end (also FieldCrawlIT, TwoPageList).
 */
final class IngestApp {

    private IngestApp() {}

    /**
     * Starts the application crawling one site from one list URL on loopback, with its state on the topic
     * {@code it.crawl-state.<site>}, no politeness delay and no scheduled crawl for an hour (the test calls
     * {@code crawlNow}). Command-line arguments, as the lead launches the jar: they override application.yml.
     *
     * @param extra further {@code --key=value} arguments
     */
    static ConfigurableApplicationContext startIngest(String site, String listUrl, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers(),
                "--gongkai.ingest.initial-delay=1h",
                "--gongkai.ingest.politeness.min-delay=0s",
                "--gongkai.ingest.state.topic=" + stateTopic(site),
                "--gongkai.ingest.sites[0].id=" + site,
                "--gongkai.ingest.sites[0].list-urls[0]=" + listUrl,
                "--gongkai.ingest.sites[0].allowed-networks=127.0.0.0/8"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(IngestApplication.class).run(args.toArray(String[]::new));
    }

    /** The state topic {@link #startIngest} gives the site. */
    static String stateTopic(String site) {
        return "it.crawl-state." + site;
    }

    /**
     * Hands every record of a topic (tombstones included) to the sink, in offset order per partition, up to the end
     * offsets at the call.
     */
    static void readToEnd(String topic, Consumer<ConsumerRecord<String, byte[]>> sink) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"); // declared by the service
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024)); // large notices
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(sink);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
    }
}
