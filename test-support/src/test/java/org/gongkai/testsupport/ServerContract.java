package org.gongkai.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What any source of servers must provide: a Kafka that round-trips a record and an Elasticsearch that finds. */
abstract class ServerContract {

    abstract String kafka();

    abstract String elasticsearch();

    @Test
    void kafkaRoundTripsARecord() throws Exception {
        String topic = "roundtrip-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<String, String>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "公开")).get();
        }
        try (var consumer = new KafkaConsumer<String, String>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "g-" + topic,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            assertThat(records)
                    .singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualTo("公开"));
        }
    }

    @Test
    void elasticsearchIndexesAndFindsAChinesePhrase() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String index = "contract-" + UUID.randomUUID();
        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(URI.create(elasticsearch() + "/" + index + "/_doc/1?refresh=true"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"title\":\"关于召开退役军人事务工作会议的通知\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(201);
        HttpResponse<String> search = http.send(
                HttpRequest.newBuilder(URI.create(elasticsearch() + "/" + index + "/_search"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"query\":{\"match_phrase\":{\"title\":\"退役军人\"}}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).contains("\"_id\":\"1\"");
    }
}
