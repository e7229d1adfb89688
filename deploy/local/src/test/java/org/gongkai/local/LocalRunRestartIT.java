package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gongkai.local.Services.Service;
import org.gongkai.servers.LocalElasticsearch;
import org.gongkai.servers.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run survives a dead service the way Compose's restart policy does: {@code deploy/local/gongkai} on
 * free ports with its own state folder (no demo site, to stay light), then a service killed with SIGKILL comes back
 * through the supervisor, {@code restart SERVICE} replaces one service, {@code start} starts only what is not
 * running, {@code stop} ends everything.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRunRestartIT {

    @TempDir
    static Path home;

    static Path repo;
    static final Map<String, String> env = new HashMap<>();

    record Result(int code, String output) {}

    @BeforeAll
    static void start() throws Exception {
        repo = Path.of(System.getProperty("gongkai.repo", "../.."))
                .toAbsolutePath()
                .normalize();
        env.put("GONGKAI_HOME", home.toString());
        env.put("GONGKAI_SKIP_BUILD", "1");
        env.put("GONGKAI_SITES_FILE", repo.resolve("deploy/config/sites.yml").toString());
        env.put("GONGKAI_ES_ZIP", LocalElasticsearch.defaultZip().toString());
        env.put("GONGKAI_ES_HEAP", "384m");
        for (String port : List.of("KAFKA", "ES", "PORTAL", "INGEST", "ENRICH", "INDEX", "SEARCH")) {
            env.put("GONGKAI_" + port + "_PORT", Integer.toString(Ports.freePort()));
        }
        Result started = gongkai("start");
        assertThat(started.code()).as(started.output()).isZero();
        assertThat(pids())
                .containsKeys(
                        "kafka",
                        "elasticsearch",
                        "ingest-service",
                        "enrich-service",
                        "index-service",
                        "search-service",
                        "supervisor");
    }

    @AfterAll
    static void stop() throws Exception {
        if (home != null && Files.exists(home.resolve("pids"))) {
            gongkai("stop");
        }
    }

    @Test
    @Order(1)
    void aServiceKilledWithSigkillIsStartedAgainByTheSupervisor() throws Exception {
        long killed = pids().get("enrich-service");
        kill9(killed);

        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    long now = pids().get("enrich-service");
                    assertThat(now).isNotEqualTo(killed);
                    assertThat(Services.readiness(port(Service.ENRICH))).isEqualTo(200);
                });
        assertThat(Files.readString(home.resolve("logs/supervisor.log")))
                .contains("enrich-service (pid " + killed + ") is gone: starting it again");
        Result status = gongkai("status");
        assertThat(status.code()).as(status.output()).isZero();
        assertThat(status.output()).doesNotContain("DEAD");
    }

    @Test
    @Order(2)
    void restartReplacesOneServiceAndLeavesTheOthersRunning() throws Exception {
        Map<String, Long> before = pids();

        Result restarted = gongkai("restart", "index-service");

        assertThat(restarted.code()).as(restarted.output()).isZero();
        Map<String, Long> after = pids();
        assertThat(after.get("index-service")).isNotEqualTo(before.get("index-service"));
        assertThat(ProcessHandle.of(before.get("index-service"))
                        .map(ProcessHandle::isAlive)
                        .orElse(false))
                .isFalse();
        for (String other : List.of("kafka", "elasticsearch", "enrich-service", "ingest-service", "supervisor")) {
            assertThat(after.get(other)).as(other).isEqualTo(before.get(other));
        }
        assertThat(Services.readiness(port(Service.INDEX))).isEqualTo(200);
        assertThat(gongkai("restart", "no-such-service").code()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void startStartsOnlyWhatIsNotRunning() throws Exception {
        Map<String, Long> before = pids();
        kill9(before.get("supervisor"));
        kill9(before.get("ingest-service"));

        Result dead = gongkai("status");
        assertThat(dead.code()).isEqualTo(1);
        assertThat(dead.output()).containsPattern("ingest-service +pid \\d+ +DEAD");

        Result started = gongkai("start");

        assertThat(started.code()).as(started.output()).isZero();
        assertThat(started.output())
                .contains("starting ingest-service")
                .doesNotContain("starting kafka", "starting elasticsearch", "starting enrich-service");
        Map<String, Long> after = pids();
        assertThat(after.get("kafka")).isEqualTo(before.get("kafka"));
        assertThat(after.get("enrich-service")).isEqualTo(before.get("enrich-service"));
        assertThat(after.get("ingest-service")).isNotEqualTo(before.get("ingest-service"));
        assertThat(after.get("supervisor")).isNotEqualTo(before.get("supervisor"));
        Result status = gongkai("status");
        assertThat(status.code()).as(status.output()).isZero();
        assertThat(gongkai("start").output()).contains("already running");
    }

    @Test
    @Order(4)
    void stopEndsEverythingAndTheSupervisorStartsNothingAgain() throws Exception {
        Map<String, Long> before = pids();

        Result stopped = gongkai("stop");

        assertThat(stopped.code()).as(stopped.output()).isZero();
        before.forEach((name, pid) -> assertThat(
                        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as(name)
                .isFalse());
        assertThat(home.resolve("pids")).doesNotExist();
        assertThat(gongkai("status").code()).isEqualTo(3);
    }

    private static void kill9(long pid) throws Exception {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().get(30, TimeUnit.SECONDS);
    }

    private static int port(Service service) {
        return Integer.parseInt(env.get("GONGKAI_" + service.name() + "_PORT"));
    }

    private static Map<String, Long> pids() throws IOException {
        Map<String, Long> all = new LinkedHashMap<>();
        for (String line : Files.readAllLines(home.resolve("pids"))) {
            String[] parts = line.trim().split("\\s+");
            all.put(parts[0], Long.parseLong(parts[1]));
        }
        return all;
    }

    private static Result gongkai(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(
                List.of(repo.resolve("deploy/local/gongkai").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Path out = Files.createTempFile(home, "gongkai-", ".out");
        builder.redirectOutput(out.toFile());
        Process process = builder.start();
        if (!process.waitFor(8, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "gongkai " + String.join(" ", args) + " did not finish: " + Files.readString(out));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
