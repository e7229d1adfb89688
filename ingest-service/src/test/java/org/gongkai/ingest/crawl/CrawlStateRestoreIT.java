package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.gongkai.ingest.fetch.Validators;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

/**
 * The on-disk store is a cache of the compacted state topic (real broker): an instance that starts with a new,
 * empty store directory reads back from the topic every notice's state, the removals and the crawl marks that an
 * earlier instance wrote through (a mark with its list validators too), as Kafka Streams restores a state store.
 */
class CrawlStateRestoreIT {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    private static KafkaCrawlState open(String topic, RocksDbCrawlState store) {
        String servers = RealServers.kafkaBootstrapServers();
        return new KafkaCrawlState(
                store,
                topic,
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        servers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true),
                Map.of("bootstrap.servers", servers),
                Duration.ofMinutes(1),
                new SimpleMeterRegistry(),
                BrokerWaits.of(BrokerWaits.DEFAULT_THRESHOLD, new SimpleMeterRegistry()));
    }

    private static UrlState state(int i, String site) {
        return UrlState.published(
                "https://" + site + ".test/" + i + ".html",
                site,
                "\"e" + i + "\"",
                null,
                "hash-" + i,
                T0.plusSeconds(i),
                200,
                Duration.ofHours(1));
    }

    @Test
    void aFreshStoreDirectoryIsFilledFromTheTopicWithStatesRemovalsAndMarks(
            @TempDir Path firstDir, @TempDir Path secondDir) throws Exception {
        String topic = "it.crawl-state.restore-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all()
                    .get();
        }
        CrawlMark withLists = new CrawlMark(
                "c",
                T0,
                true,
                Map.of("https://c.test/list.html", new Validators("\"l1\"", "Sun, 01 Mar 2026 08:00:00 GMT")),
                T0.minusSeconds(600));
        RocksDbCrawlState firstStore = RocksDbCrawlState.open(firstDir, 8 << 20, 1 << 20);
        try (KafkaCrawlState first = open(topic, firstStore)) {
            first.load();
            for (int i = 0; i < 300; i++) {
                first.put("a-" + i, state(i, "a"));
            }
            for (int i = 0; i < 50; i++) {
                first.put("b-" + i, state(i, "b"));
            }
            first.put("a-7", state(7000, "a")); // a newer version of a notice
            first.remove("a-8"); // confirmed gone
            first.put("b-0", state(0, "a")); // moved to another site
            first.putMark(new CrawlMark("a", T0, false));
            first.putMark(new CrawlMark("a", T0.plusSeconds(60), true));
            first.putMark(new CrawlMark("b", T0, false));
            first.putMark(withLists);
            first.flush();
        }
        assertThat(firstStore.directory())
                .as("closed with the instance, files deleted")
                .doesNotExist();

        try (KafkaCrawlState second = open(topic, RocksDbCrawlState.open(secondDir, 8 << 20, 1 << 20))) {
            assertThat(second.size()).as("nothing before loading").isZero();
            second.load();

            assertThat(second.size()).isEqualTo(349);
            assertThat(second.sizeOfSite("a")).isEqualTo(300);
            assertThat(second.sizeOfSite("b")).isEqualTo(49);
            assertThat(second.get("a-7")).contains(state(7000, "a"));
            assertThat(second.get("a-299")).contains(state(299, "a"));
            assertThat(second.get("a-8")).isEmpty();
            assertThat(second.get("b-0")).contains(state(0, "a"));
            List<String> urls = new ArrayList<>();
            second.forEachOfSite("b", s -> urls.add(s.url()));
            assertThat(urls).hasSize(49).doesNotContain("https://b.test/0.html");
            assertThat(second.mark("a")).contains(new CrawlMark("a", T0.plusSeconds(60), true));
            assertThat(second.mark("b")).contains(new CrawlMark("b", T0, false));
            assertThat(second.mark("c")).as("with its list validators").contains(withLists);
        }
    }

    @Test
    void aRestoreOverManyPollsIsNotReadyUntilDoneAndEndsAsTheRecordsAppliedOneByOne(
            @TempDir Path firstDir, @TempDir Path secondDir) throws Exception {
        String topic = createTopic("it.crawl-state.bulk-");
        InMemoryCrawlState expected = new InMemoryCrawlState();
        List<String> sites = List.of("a", "b", "c");
        try (KafkaCrawlState first = open(topic, RocksDbCrawlState.open(firstDir, 8 << 20, 1 << 20))) {
            first.load();
            // more records than one restore poll takes, so moves and removals land in other batches than the puts
            for (int i = 0; i < 12_000; i++) {
                UrlState state = state(i, sites.get(i % 3));
                first.put("n-" + i, state);
                expected.put("n-" + i, state);
            }
            for (int i = 0; i < 12_000; i += 7) {
                first.remove("n-" + i);
                expected.remove("n-" + i);
            }
            for (int i = 1; i < 12_000; i += 10) {
                UrlState moved = state(i + 100_000, sites.get((i + 1) % 3));
                first.put("n-" + i, moved);
                expected.put("n-" + i, moved);
            }
            first.remove("n-1"); // moved, then removed
            expected.remove("n-1");
            first.flush();
        }

        try (KafkaCrawlState second = open(topic, RocksDbCrawlState.open(secondDir, 8 << 20, 1 << 20))) {
            CrawlStateHealthIndicator readiness = new CrawlStateHealthIndicator(second);
            assertThat(readiness.health(true).getStatus())
                    .as("not ready before the restore")
                    .isEqualTo(Status.DOWN);

            second.load();

            assertThat(readiness.health(true).getStatus()).isEqualTo(Status.UP);
            Map<String, Object> details = readiness.health(true).getDetails();
            assertThat(details).containsEntry("restore", "restored").containsEntry("recordsLeft", 0L);
            assertThat((Long) details.get("recordsRead"))
                    .as("every record written, unless compaction thinned them already")
                    .isBetween((long) expected.size(), 12_000L + 1_715 + 1_200 + 1);
            assertThat(second.size()).isEqualTo(expected.size());
            for (String site : sites) {
                assertThat(second.sizeOfSite(site)).as(site).isEqualTo(expected.sizeOfSite(site));
            }
            for (int i = 0; i < 12_000; i++) {
                assertThat(second.get("n-" + i)).as("n-" + i).isEqualTo(expected.get("n-" + i));
            }
        }
    }

    private static String createTopic(String prefix) throws Exception {
        String topic = prefix + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all()
                    .get();
        }
        return topic;
    }
}
