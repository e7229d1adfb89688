package org.gongkai.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.get_alias.IndexAliases;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.index.lifecycle.AliasCutOver;
import org.gongkai.index.lifecycle.IndexBootstrap;
import org.gongkai.index.lifecycle.IndexBootstrapRunner;
import org.gongkai.index.lifecycle.IndexTemplate;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The migration procedure of the README, with two instances of the service: a live one on {@code migrate-v1}, and a
 * replay one (mode {@code replay}, own consumer group) that builds {@code migrate-v2} from {@code notices.enriched};
 * then the atomic alias cut-over, while searchers query the read alias all along. No search may fail or come back
 * short, and writes after the cut-over land in the new index.
 */
class MigrationIT {

    private static final String NAME = "migrate";
    private static final String LIVE_GROUP = "index-migrate-live";
    private static final String REPLAY_GROUP = "index-migrate-replay";
    private static final int NOTICES = 150;

    private static TestKafka kafka;
    private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @BeforeAll
    static void connect() {
        kafka = new TestKafka();
        kafka.startGroupAtEnd(LIVE_GROUP);
        kafka.startGroupAtEnd(REPLAY_GROUP);
    }

    @AfterAll
    static void close() {
        contexts.forEach(ConfigurableApplicationContext::close);
        kafka.close();
    }

    @Test
    void replayIntoANewVersionThenCutOverWhileSearchesKeepWorking() throws Exception {
        ConfigurableApplicationContext live = start("live", 1, LIVE_GROUP);
        ElasticsearchClient client = live.getBean(ElasticsearchClient.class);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < NOTICES; i++) {
            EnrichedNotice notice = TestNotices.notice(TestNotices.newUrl(), 100 + i);
            ids.add(notice.noticeId());
            kafka.send(notice);
        }
        kafka.awaitCaughtUp(LIVE_GROUP, Duration.ofSeconds(120));
        client.indices().refresh(r -> r.index(NAME));

        AtomicBoolean searching = new AtomicBoolean(true);
        AtomicInteger searches = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService searchers = Executors.newFixedThreadPool(2);
        for (int t = 0; t < 2; t++) {
            searchers.submit(() -> {
                while (searching.get()) {
                    try {
                        long hits = client.count(c -> c.index(NAME).query(q -> q.ids(i -> i.values(ids))))
                                .count();
                        if (hits != NOTICES) {
                            failures.add("search found " + hits + " of " + NOTICES);
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                    searches.incrementAndGet();
                }
            });
        }
        try {
            ConfigurableApplicationContext replay = start("replay", 2, REPLAY_GROUP);
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            replay.getBean(IndexBootstrapRunner.class).state() == IndexBootstrapRunner.State.READY);
            // the new index exists but is invisible to readers and writers until the cut-over
            assertThat(aliases(client).get(NAME + "-v2").aliases()).isEmpty();
            kafka.awaitCaughtUp(REPLAY_GROUP, Duration.ofSeconds(120));
            client.indices().refresh(r -> r.index(NAME + "-v2"));
            assertThat(client.count(c -> c.index(NAME + "-v2")).count()).isEqualTo(NOTICES);

            int before = searches.get();
            List<String> changes = replay.getBean(AliasCutOver.class).run(false);
            assertThat(changes).isNotEmpty();
            await().atMost(Duration.ofSeconds(30)).until(() -> searches.get() > before + 50);
        } finally {
            searching.set(false);
            searchers.shutdown();
            assertThat(searchers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(failures).as("failed or short searches").isEmpty();
        assertThat(searches.get()).isGreaterThan(50);
        Map<String, IndexAliases> aliases = aliases(client);
        assertThat(aliases.get(NAME + "-v1").aliases()).isEmpty();
        assertThat(aliases.get(NAME + "-v2").aliases()).containsOnlyKeys(NAME, NAME + "-write");

        // the live instance, still configured for v1, now writes through the alias into v2
        EnrichedNotice after = TestNotices.notice(TestNotices.newUrl(), 999);
        kafka.send(after);
        kafka.awaitCaughtUp(LIVE_GROUP, Duration.ofSeconds(60));
        assertThat(client.get(g -> g.index(NAME + "-v2").id(after.noticeId()), ObjectNode.class)
                        .found())
                .isTrue();

        // restarting an instance with the old configuration does not pull the write alias back
        IndexNames v1 = new IndexNames(NAME, 1);
        new IndexBootstrap(client, v1, IndexTemplate.load().forIndex(v1, 0)).run();
        assertThat(aliases(client).get(NAME + "-v2").aliases()).containsKey(NAME + "-write");
        // and a cut-over to an index behind the current one is refused
        assertThatThrownBy(() -> new AliasCutOver(client, v1).run(false)).isInstanceOf(IllegalStateException.class);

        // the same as the packaged command: refused back to v1 (exit 1), idempotent on v2 (exit 0)
        assertThat(cutOverCommand(1)).isEqualTo(1);
        assertThat(cutOverCommand(2)).isZero();
        assertThat(aliases(client).get(NAME + "-v2").aliases()).containsOnlyKeys(NAME, NAME + "-write");
    }

    /** Runs {@code java -jar target/index-service.jar --gongkai.index.mode=cut-over}; returns its exit code. */
    private static int cutOverCommand(int version) throws Exception {
        Path jar = Path.of("target", "index-service.jar");
        assertThat(jar).isRegularFile();
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        jar.toAbsolutePath().toString(),
                        "--gongkai.index.mode=cut-over",
                        "--gongkai.index.index-version=" + version,
                        "--gongkai.index.name=" + NAME,
                        "--spring.main.web-application-type=none",
                        "--spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers(),
                        "--spring.elasticsearch.uris=" + RealServers.elasticsearchUrl())
                .redirectErrorStream(true)
                .redirectOutput(
                        Path.of("target", "cut-over-v" + version + ".log").toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private static Map<String, IndexAliases> aliases(ElasticsearchClient client) throws Exception {
        return client.indices().getAlias(g -> g.index(NAME + "-v*")).result();
    }

    private static ConfigurableApplicationContext start(String mode, int version, String group) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(IndexApplication.class)
                .run(
                        "--spring.main.web-application-type=none",
                        "--spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers(),
                        "--spring.elasticsearch.uris=" + RealServers.elasticsearchUrl(),
                        "--spring.kafka.consumer.group-id=" + group,
                        "--gongkai.index.name=" + NAME,
                        "--gongkai.index.index-version=" + version,
                        "--gongkai.index.mode=" + mode);
        contexts.add(context);
        return context;
    }
}
