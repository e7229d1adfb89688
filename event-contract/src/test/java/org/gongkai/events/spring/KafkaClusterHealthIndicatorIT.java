package org.gongkai.events.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.gongkai.servers.LocalKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The Kafka health check against a real broker process of its own that is frozen ({@code kill -STOP} of its pid)
 * and resumed: the case of session 18's trial, where checks hung as long as the broker stayed frozen.
 */
class KafkaClusterHealthIndicatorIT {

    @TempDir
    static Path dir;

    private static LocalKafka kafka;
    private static KafkaClusterHealthIndicator health;

    @BeforeAll
    static void startBroker() {
        kafka = LocalKafka.start(dir.resolve("kafka"), 0, null);
        health = new KafkaClusterHealthIndicator(
                new KafkaAdmin(Map.of("bootstrap.servers", kafka.bootstrapServers())), Duration.ofSeconds(3));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        try {
            if (health != null) {
                health.close();
            }
        } finally {
            if (kafka != null) {
                signal("CONT", kafka.pid());
                kafka.stop();
            }
        }
    }

    @Test
    void aFrozenBrokerIsDownWithinTheBoundForEveryConcurrentCallerAndUpAgainOnceItResumes() throws Exception {
        assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
        long pid = kafka.pid();
        signal("STOP", pid);
        try {
            long start = System.nanoTime();
            List<CompletableFuture<Health>> callers = IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> health.health(true)))
                    .toList();
            // At most 30 s, so that a check that hangs fails the test instead of holding it.
            CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            List<Health> answers = callers.stream().map(CompletableFuture::join).toList();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(answers)
                    .allSatisfy(answer -> assertThat(answer.getStatus()).isEqualTo(Status.DOWN));
            // A bound, not a benchmark: the old check held every caller until the broker resumed.
            assertThat(took).isLessThanOrEqualTo(health.bound().plusSeconds(2));
            // Still frozen: a later check is bounded too (the first one's admin client was closed, not waited for).
            long again = System.nanoTime();
            assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - again))
                    .isLessThanOrEqualTo(health.bound().plusSeconds(2));
        } finally {
            signal("CONT", pid);
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(health.health(true).getStatus()).isEqualTo(Status.UP));
    }

    /** {@code kill -<signal> <pid>}: by pid only, the broker this test started. */
    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .inheritIO()
                .start()
                .waitFor();
        assertThat(exit).as("kill -%s %d", signal, pid).isZero();
    }
}
