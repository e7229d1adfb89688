package org.gongkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gongkai.ingest.PortalFarm.held;
import static org.gongkai.ingest.PortalFarm.html;
import static org.gongkai.ingest.PortalFarm.list;
import static org.gongkai.ingest.PortalFarm.notice;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.Topics;
import org.gongkai.ingest.crawl.CrawlReport;
import org.gongkai.ingest.crawl.CrawlScheduler;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An interrupted crawl resumes exactly (real broker, state in its compacted topic): the crawler is stopped while
 * it waits for list page 2, after the 10 notices of page 1 were published. After the restart the notices of page
 * 1 are known and not due, yet paging goes on, because the crawl before did not go to its end: the 10 notices of
 * page 2 are published. The crawl after that, following a complete one, stops at page 1 as before.
 */
class ResumeIT {

    private static final String SITE = "resume-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String HOST = "127.0.0.1";
    private static final PortalFarm PORTAL = new PortalFarm();
    private static final CountDownLatch PAGE_2 = new CountDownLatch(1);

    @AfterAll
    static void stopPortal() {
        PAGE_2.countDown();
        PORTAL.close();
    }

    private static List<String> notices(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(i -> "/n/" + i + ".html")
                .toList();
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(IngestApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers(),
                        "--gongkai.ingest.initial-delay=1h",
                        "--gongkai.ingest.politeness.min-delay=0s",
                        "--gongkai.ingest.fetch.read-timeout=3s",
                        "--gongkai.ingest.state.topic=it.crawl-state." + SITE,
                        "--gongkai.ingest.sites[0].id=" + SITE,
                        "--gongkai.ingest.sites[0].list-urls[0]=" + PORTAL.url(HOST, "/list.html"),
                        "--gongkai.ingest.sites[0].allowed-networks=127.0.0.0/8");
    }

    @Test
    void aCrawlStoppedBetweenListPagesPublishesEveryNoticeOfTheListAfterTheRestart() throws Exception {
        PORTAL.on(HOST, "/list.html", html(list(notices(1, 10), "/list_2.html")));
        for (int i = 1; i <= 20; i++) {
            PORTAL.on(HOST, "/n/" + i + ".html", html(notice("R/2023-000" + i, "通知第" + i + "号")));
        }
        // Page 2 first waits: the crawler is stopped while it waits for it.
        PORTAL.on(HOST, "/list_2.html", held(PAGE_2, html(list(notices(11, 20), null))));

        try (ConfigurableApplicationContext first = start()) {
            first.getBean(CrawlScheduler.class).crawlNow(SITE);
            await().atMost(Duration.ofSeconds(60)).until(() -> published().size() == 10);
            await().atMost(Duration.ofSeconds(10)).until(() -> PORTAL.hits(HOST, "/list_2.html") == 1);
        } // closing stops the crawl in the middle of its list
        assertThat(published()).hasSize(10);

        PORTAL.on(HOST, "/list_2.html", html(list(notices(11, 20), null)));
        try (ConfigurableApplicationContext second = start()) {
            CrawlScheduler scheduler = second.getBean(CrawlScheduler.class);
            CrawlReport resumed = scheduler.crawlNow(SITE).get(60, TimeUnit.SECONDS);
            assertThat(resumed.published()).as("%s", resumed).isEqualTo(10);
            assertThat(resumed.notDue()).isEqualTo(10);
            assertThat(resumed.complete()).isTrue();
            assertThat(published()).hasSize(20);

            int page2Hits = PORTAL.hits(HOST, "/list_2.html");
            CrawlReport after = scheduler.crawlNow(SITE).get(60, TimeUnit.SECONDS);
            assertThat(after.published()).isZero();
            assertThat(PORTAL.hits(HOST, "/list_2.html"))
                    .as("after a complete crawl, a page of known notices ends the paging")
                    .isEqualTo(page2Hits);
        }
        Set<String> expected = new HashSet<>();
        for (int i = 1; i <= 20; i++) {
            expected.add(NoticeIds.fromUrl(PORTAL.url(HOST, "/n/" + i + ".html")));
        }
        assertThat(published()).isEqualTo(expected);
    }

    /** Keys of the site's raw notices in the topic. */
    private static Set<String> published() {
        Set<String> found = new HashSet<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Set<String> ours = new HashSet<>();
        for (int i = 1; i <= 20; i++) {
            ours.add(NoticeIds.fromUrl(PORTAL.url(HOST, "/n/" + i + ".html")));
        }
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RAW).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (ours.contains(r.key())) {
                        found.add(r.key());
                    }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return found;
    }
}
