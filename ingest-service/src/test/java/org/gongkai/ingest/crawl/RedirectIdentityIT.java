package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
import org.gongkai.events.EventSerializer;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.ScriptedServer;
import org.gongkai.ingest.fetch.ScriptedServer.Answer;
import org.gongkai.ingest.publish.KafkaNoticePublisher;
import org.gongkai.ingest.site.Site;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A notice linked directly and through a 301 from a portal on 127.0.0.1, crawled with the service's transport and
 * publisher onto a real broker ({@code notices.raw}): one raw notice id, the final URL's, for both paths; when the
 * final URL answers 410 on two crawls, one tombstone, under that id. (enrich and index key their documents by this
 * id: one id on the raw topic is one document in the index.)
 */
class RedirectIdentityIT {

    private final String dir = "/xxgk/" + UUID.randomUUID().toString().substring(0, 8);
    private final ScriptedServer portal = new ScriptedServer();
    private final KafkaTemplate<String, Object> template = template();

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

    @AfterEach
    void stop() {
        portal.close();
        template.destroy();
    }

    private static KafkaTemplate<String, Object> template() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    private String url(String path) {
        return portal.uri(dir + path).toString();
    }

    @Test
    void aNoticeLinkedDirectlyAndThroughARedirectIsOneRawNoticeIdAndItsWithdrawalOneTombstone() throws Exception {
        String notice = url("/t20231120_3003.html");
        String moved = url("/moved.html");
        portal.on(
                dir + "/index.html",
                Answer.of(
                        200,
                        "<html><body><a href=\"moved.html\">通知（旧址）</a><a href=\"t20231120_3003.html\">通知</a>"
                                + "</body></html>",
                        "Content-Type",
                        "text/html; charset=utf-8"));
        portal.on(dir + "/moved.html", Answer.of(301, "", "Location", notice));
        portal.on(
                dir + "/t20231120_3003.html",
                Answer.of(200, CrawlFixture.notice("通知正文", "ncsdhqzfb/2023-00301"), "Content-Type", "text/html"));
        Site site = TestConfigs.site("redirect-it", List.of(url("/index.html")), true, 500);
        SiteCrawler crawler = CrawlFixture.loopbackCrawler(
                new SimpleMeterRegistry(),
                new KafkaNoticePublisher(template, "ingest-service"),
                new InMemoryCrawlState(),
                TestConfigs.state("s", Duration.ofMinutes(1), Duration.ZERO, Duration.ofDays(7)),
                Clock.systemUTC());

        crawler.crawl(site);
        crawler.crawl(site);

        Set<String> ids = Set.of(NoticeIds.fromUrl(notice), NoticeIds.fromUrl(moved));
        List<ConsumerRecord<String, byte[]>> published = records(ids);
        assertThat(published)
                .as("published once: the second crawl finds it unchanged")
                .extracting(ConsumerRecord::key)
                .containsExactly(NoticeIds.fromUrl(notice));
        assertThat(published).allSatisfy(r -> {
            assertThat(r.value()).isNotNull();
            RawNotice raw = EventCodec.instance().readRaw(r.value());
            assertThat(raw.noticeId()).isEqualTo(NoticeIds.fromUrl(notice));
            assertThat(raw.url()).isEqualTo(notice);
        });
        assertThat(portal.hits(dir + "/moved.html"))
                .as("the redirect was followed")
                .isNotEmpty();

        portal.on(dir + "/t20231120_3003.html", Answer.of(410, "gone"));
        crawler.crawl(site);
        crawler.crawl(site);

        List<ConsumerRecord<String, byte[]>> after = records(ids);
        assertThat(after.subList(published.size(), after.size()))
                .singleElement()
                .satisfies(tombstone -> {
                    assertThat(tombstone.key()).isEqualTo(NoticeIds.fromUrl(notice));
                    assertThat(tombstone.value()).isNull();
                });
    }

    /** The records of {@code notices.raw} with these keys, in offset order per key, read to the topic's end. */
    private static List<ConsumerRecord<String, byte[]>> records(Set<String> keys) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RAW).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (keys.contains(r.key())) {
                        found.add(r);
                    }
                }
            }
            return found;
        }
    }
}
