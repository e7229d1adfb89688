package org.gongkai.index.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IndexBootstrapRunnerTest {

    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger readyCalls = new AtomicInteger();

    @Test
    void retriesUntilTheBootstrapSucceedsThenStartsTheListenerOnce() {
        IndexBootstrapRunner runner = new IndexBootstrapRunner(
                () -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw new IOException("Connection refused");
                    }
                },
                true,
                readyCalls::incrementAndGet,
                Duration.ofMillis(10));

        runner.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> runner.state() == IndexBootstrapRunner.State.READY);
        await().atMost(Duration.ofSeconds(10)).until(() -> readyCalls.get() == 1);
        assertThat(attempts).hasValue(3);
        assertThat(runner.lastError()).isNull();
        runner.stop();
        assertThat(readyCalls).hasValue(1);
    }

    @Test
    void keepsTheLastErrorWhilePendingAndStopsRetryingWhenStopped() {
        IndexBootstrapRunner runner = new IndexBootstrapRunner(
                () -> {
                    attempts.incrementAndGet();
                    throw new IOException("Connection refused");
                },
                true,
                readyCalls::incrementAndGet,
                Duration.ofMillis(10));

        runner.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 2);
        runner.stop();
        int afterStop = attempts.get();

        assertThat(runner.state()).isEqualTo(IndexBootstrapRunner.State.PENDING);
        assertThat(runner.lastError()).isEqualTo("IOException: Connection refused");
        assertThat(runner.isRunning()).isFalse();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> attempts.get() == afterStop);
        assertThat(readyCalls).hasValue(0);
    }

    @Test
    void whenDisabledStartsTheListenerAtOnceWithoutTouchingElasticsearch() {
        IndexBootstrapRunner runner = new IndexBootstrapRunner(
                attempts::incrementAndGet, false, readyCalls::incrementAndGet, Duration.ofMillis(10));

        runner.start();

        assertThat(runner.state()).isEqualTo(IndexBootstrapRunner.State.DISABLED);
        assertThat(readyCalls).hasValue(1);
        assertThat(attempts).hasValue(0);
    }
}
