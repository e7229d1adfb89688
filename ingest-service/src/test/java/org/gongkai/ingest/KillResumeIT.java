package org.gongkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
    private static final Path JAR = Path.of("target/ingest-service.jar");
    private static final PortalFarm PORTAL = new PortalFarm();
    private static final TwoPageList LIST = new TwoPageList(PORTAL, "K/2023-000");

    @TempDir
    static Path work;

    @AfterAll
    static void stopPortal() {
        LIST.close();
        PORTAL.close();
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
                        "--gongkai.ingest.sites[0].list-urls[0]=" + LIST.listUrl(),
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
        // Page 2 is held (TwoPageList) until the first run is killed.
        ChildProcess first = start("first");
        try {
            await().atMost(Duration.ofMinutes(3))
                    .ignoreExceptions()
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> !first.isAlive() || published().size() == 10);
            assertThat(first.isAlive())
                    .as("first run alive\n%s", first.logTail())
                    .isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> LIST.page2Hits() == 1);
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

        LIST.servePage2();
        ChildProcess second = start("second");
        try {
            await().atMost(Duration.ofMinutes(3))
                    .ignoreExceptions()
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> !second.isAlive() || published().size() == 20);
            assertThat(second.isAlive())
                    .as("second run alive\n%s", second.logTail())
                    .isTrue();
            assertThat(published()).isEqualTo(LIST.all());
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
        return LIST.published();
    }
}
