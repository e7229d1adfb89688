package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.gongkai.ingest.fetch.HostPause;
import org.gongkai.ingest.fetch.ScriptedServer;
import org.gongkai.ingest.site.Site;
import org.gongkai.testsupport.MutableClock;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host pause goes through the compacted state topic (real broker) as the service keeps its crawl state: an
 * instance that pauses a failing host (127.0.0.67, {@link PauseAcrossRestartCrawlTest}'s portal) and is closed,
 * and a new one on a new, empty store directory restored from the topic, which sends nothing to the host until the
 * pause ends, then one page request; its renewed pause, and a removed one, restore as such.
 */
class HostPauseRestoreIT {

    private static KafkaCrawlState open(String topic, Path directory) {
        return open(topic, RocksDbCrawlState.open(directory, 8 << 20, 1 << 20), 0);
    }

    /** @param lingerMs the service's {@code linger.ms}; the state's other records wait at least that long */
    private static KafkaCrawlState open(String topic, CrawlState local, int lingerMs) {
        String servers = RealServers.kafkaBootstrapServers();
        return new KafkaCrawlState(
                local,
                topic,
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        servers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        lingerMs),
                Map.of("bootstrap.servers", servers),
                Duration.ofMinutes(1),
                new SimpleMeterRegistry(),
                BrokerWaits.of(BrokerWaits.DEFAULT_THRESHOLD, new SimpleMeterRegistry()));
    }

    private static String createTopic() throws Exception {
        String topic = "it.crawl-state.pauses-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all()
                    .get();
        }
        return topic;
    }

    @Test
    void aPauseWrittenThroughToTheStateTopicIsHonouredByTheNextInstanceUntilItsEnd(
            @TempDir Path firstDir, @TempDir Path secondDir, @TempDir Path thirdDir) throws Exception {
        String topic = createTopic();
        MutableClock clock = new MutableClock(PauseAcrossRestartCrawlTest.T0);
        Duration pause = PauseAcrossRestartCrawlTest.PAUSE;
        String down = PauseAcrossRestartCrawlTest.DOWN;
        try (ScriptedServer list = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback(66));
                ScriptedServer target = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback(67))) {
            Site site = PauseAcrossRestartCrawlTest.portal(list, target);
            try (KafkaCrawlState first = open(topic, firstDir)) {
                first.load();
                first.putPause(new HostPause("answered.test", clock.instant().plus(pause), 6, "HTTP 500"));
                first.removePause("answered.test");
                PauseAcrossRestartCrawlTest.crawler(first, clock, new SimpleMeterRegistry())
                        .crawl(site);
                assertThat(target.hits("/doc/down.html"))
                        .as("two failures pause it")
                        .hasSize(2);
            }
            int before = target.hits.size();

            try (KafkaCrawlState second = open(topic, secondDir)) {
                second.load();
                assertThat(second.pause(down))
                        .hasValueSatisfying(p ->
                                assertThat(p.until()).isEqualTo(clock.instant().plus(pause)));
                assertThat(second.pause("answered.test"))
                        .as("its tombstone restored")
                        .isEmpty();
                SiteCrawler restarted = PauseAcrossRestartCrawlTest.crawler(second, clock, new SimpleMeterRegistry());
                clock.advance(Duration.ofMinutes(10));
                restarted.crawl(site);

                assertThat(target.hits).as("nothing during the pause").hasSize(before);

                clock.advance(pause.minus(Duration.ofMinutes(10)));
                restarted.crawl(site);

                assertThat(target.hits("/doc/down.html"))
                        .as("one probe, no retry")
                        .hasSize(3);
            }

            try (KafkaCrawlState third = open(topic, thirdDir)) {
                third.load();
                assertThat(third.pause(down))
                        .as("the renewal after the failed probe")
                        .hasValueSatisfying(p -> {
                            assertThat(p.until()).isEqualTo(clock.instant().plus(pause));
                            assertThat(p.failures()).isEqualTo(3);
                        });
            }
        }
    }

    /**
     * A kill -9 during the crawl that paused a host: the instance is abandoned (never flushed nor closed) with a
     * {@code linger.ms} of 10 min (the state's records wait that long for others), and a new instance restored from the topic has
     * the pause all the same, and then its tombstone. Before session 19 the pause waited with them for the crawl's
     * end.
     */
    @Test
    void aPauseAndItsRemovalReachTheTopicWithoutWaitingForTheCrawlsFlush() throws Exception {
        String topic = createTopic();
        HostPause pause =
                new HostPause("killed.test", PauseAcrossRestartCrawlTest.T0.plus(Duration.ofMinutes(3)), 6, "HTTP 500");
        KafkaCrawlState killed = open(topic, new InMemoryCrawlState(), 600_000);
        try {
            killed.load();
            killed.putPause(pause);

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() ->
                            assertThat(restored(topic).pause("killed.test")).contains(pause));

            killed.removePause("killed.test");

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() ->
                            assertThat(restored(topic).pause("killed.test")).isEmpty());
        } finally {
            killed.close();
        }
    }

    /** A new instance's state, restored from the topic. */
    private static CrawlState restored(String topic) throws InterruptedException {
        InMemoryCrawlState local = new InMemoryCrawlState();
        try (KafkaCrawlState next = open(topic, local, 0)) {
            next.load();
        }
        return local;
    }
}
