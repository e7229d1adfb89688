package org.gongkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gongkai.ingest.PortalFarm.held;
import static org.gongkai.ingest.PortalFarm.html;
import static org.gongkai.ingest.PortalFarm.list;
import static org.gongkai.ingest.PortalFarm.notice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.Topics;
import org.gongkai.servers.ChildProcess;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crawler killed with SIGKILL between two list pages resumes exactly: the service's jar runs as a child
 * process against a real broker and a loopback portal whose list has two pages of 10 notices; list page 2 is held
 * until the 10 notices of page 1 are on {@code notices.raw}, then the process is killed ({@code
 * Process.destroyForcibly()}, SIGKILL on Linux: no shutdown hook, no flush, the local state store left behind) and
 * started again with the same state topic and store directory. Afterwards all 20 notices are on {@code
 * notices.raw}.
 */
class KillResumeIT {

    private static final String SITE = "kill-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String HOST = "127.0.0.1";
    private static final Path JAR = Path.of("target/ingest-service.jar");
    private static final PortalFarm PORTAL = new PortalFarm();
    private static final CountDownLatch PAGE_2 = new CountDownLatch(1);

    @TempDir
    static Path work;

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

    private static ChildProcess start(String name) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return ChildProcess.start(
                name,
                List.of(
                        java,
                        "-Xmx256m",
                        "-jar",
                        JAR.toAbsolutePath().toString(),
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers(),
                        "--gongkai.ingest.initial-delay=0s",
                        "--gongkai.ingest.politeness.min-delay=0s",
                        "--gongkai.ingest.fetch.read-timeout=5m",
                        "--gongkai.ingest.fetch.total-timeout=5m",
                        "--gongkai.ingest.state.topic=it.crawl-state." + SITE,
                        "--gongkai.ingest.state.directory=" + work.resolve("state"),
                        "--gongkai.ingest.sites[0].id=" + SITE,
                        "--gongkai.ingest.sites[0].list-urls[0]=" + PORTAL.url(HOST, "/list.html"),
                        "--gongkai.ingest.sites[0].allowed-networks[0]=127.0.0.0/8"),
                work,
                Map.of(),
                Path.of("target", "kill-resume-it", name + ".log"));
    }

    @Test
    void aCrawlerKilledBetweenListPagesPublishesEveryNoticeOfTheListAfterTheRestart() throws Exception {
        assertThat(JAR)
                .as("the service jar (built in the package phase, before the integration tests)")
                .exists();
        PORTAL.on(HOST, "/list.html", html(list(notices(1, 10), "/list_2.html")));
        for (int i = 1; i <= 20; i++) {
            PORTAL.on(HOST, "/n/" + i + ".html", html(notice("K/2023-000" + i, "通知第" + i + "号")));
        }
        PORTAL.on(HOST, "/list_2.html", held(PAGE_2, html(list(notices(11, 20), null))));

        ChildProcess first = start("first");
        try {
            await().atMost(Duration.ofMinutes(3))
                    .ignoreExceptions()
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> !first.isAlive() || published().size() == 10);
            assertThat(first.isAlive())
                    .as("first run alive\n%s", first.logTail())
                    .isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> PORTAL.hits(HOST, "/list_2.html") == 1);
            ProcessHandle handle = ProcessHandle.of(first.pid()).orElseThrow();
            assertThat(handle.destroyForcibly()).isTrue(); // SIGKILL
            await().atMost(Duration.ofSeconds(30)).until(() -> !handle.isAlive());
        } finally {
            first.stop();
        }
        assertThat(published()).hasSize(10);
        try (var left = Files.list(work.resolve("state"))) {
            assertThat(left.toList())
                    .as("the killed process's store directory stays behind")
                    .hasSize(1);
        }

        PORTAL.on(HOST, "/list_2.html", html(list(notices(11, 20), null)));
        ChildProcess second = start("second");
        try {
            await().atMost(Duration.ofMinutes(3))
                    .ignoreExceptions()
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> !second.isAlive() || published().size() == 20);
            assertThat(second.isAlive())
                    .as("second run alive\n%s", second.logTail())
                    .isTrue();
            Set<String> expected = new HashSet<>();
            for (int i = 1; i <= 20; i++) {
                expected.add(NoticeIds.fromUrl(PORTAL.url(HOST, "/n/" + i + ".html")));
            }
            assertThat(published()).isEqualTo(expected);
            try (var left = Files.list(work.resolve("state"))) {
                assertThat(left.toList())
                        .as("the killed process's store directory was deleted at the restart")
                        .hasSize(1)
                        .allMatch(p -> p.getFileName().toString().startsWith("pid-" + second.pid() + "-"));
            }
        } finally {
            second.stop();
        }
    }

    /** Keys of this test's raw notices in the topic. */
    private static Set<String> published() {
        Set<String> ours = new HashSet<>();
        for (int i = 1; i <= 20; i++) {
            ours.add(NoticeIds.fromUrl(PORTAL.url(HOST, "/n/" + i + ".html")));
        }
        Set<String> found = new HashSet<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"); // declared by the service
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RAW, Duration.ofSeconds(10)).stream()
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
