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
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-disk store is a cache of the compacted state topic (real broker): an instance that starts with a new,
 * empty store directory reads back from the topic every notice's state, the removals and the crawl marks that an
 * earlier instance wrote through, as Kafka Streams restores a state store.
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
                new SimpleMeterRegistry());
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
        }
    }
}
