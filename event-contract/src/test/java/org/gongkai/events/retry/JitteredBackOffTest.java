package org.gongkai.events.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

class JitteredBackOffTest {

    private static List<Long> first(int n, BackOffExecution execution) {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            waits.add(execution.nextBackOff());
        }
        return waits;
    }

    @Test
    void withoutRandomnessTheWaitsDoubleFromTheInitialIntervalUpToTheCap() {
        JitteredBackOff backOff = JitteredBackOff.doubling(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.0);

        assertThat(first(8, backOff.start())).containsExactly(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
        assertThat(backOff.delay(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backOff.delay(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(backOff.delay(1000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void equalJitterTakesOffAtMostHalfOfEachInterval() {
        assertThat(JitteredBackOff.doubling(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.5)
                        .delay(2))
                .isEqualTo(Duration.ofMillis(300));
        assertThat(JitteredBackOff.doubling(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.999_999)
                        .delay(1))
                .isEqualTo(Duration.ofMillis(100));
        assertThat(JitteredBackOff.doubling(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.999_999)
                        .delay(50))
                .isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void seededWaitsStayWithinHalfAndAllOfTheNominalIntervalAndSpreadOut() {
        SplittableRandom seeded = new SplittableRandom(19);
        JitteredBackOff backOff =
                JitteredBackOff.doubling(Duration.ofMillis(100), Duration.ofSeconds(2), seeded::nextDouble);
        long[] nominal = {100, 200, 400, 800, 1600, 2000, 2000};

        List<Long> firstWaits = new ArrayList<>();
        for (int run = 0; run < 200; run++) {
            List<Long> waits = first(nominal.length, backOff.start());
            for (int i = 0; i < nominal.length; i++) {
                assertThat(waits.get(i)).isBetween(nominal[i] / 2, nominal[i]);
            }
            firstWaits.add(waits.get(0));
        }
        // spread over the whole band, not stuck at one end
        assertThat(firstWaits).anyMatch(w -> w < 60).anyMatch(w -> w > 90);
    }

    @Test
    void stopsAtTheLimitsSetOnTheSpringSequence() {
        ExponentialBackOff sequence = JitteredBackOff.exponential(Duration.ofMillis(100), 3.0, Duration.ofSeconds(1));
        sequence.setMaxElapsedTime(1_300);
        JitteredBackOff backOff = new JitteredBackOff(sequence, 0, () -> 0.7);

        assertThat(first(4, backOff.start())).containsExactly(100L, 300L, 900L, BackOffExecution.STOP);
        assertThat(backOff.delay(4)).isNull();
    }

    @Test
    void refusesSpringsOwnJitterAndFractionsOutsideZeroToOne() {
        ExponentialBackOff withJitter = new ExponentialBackOff(100, 2.0);
        withJitter.setJitter(50);

        assertThatThrownBy(() -> new JitteredBackOff(withJitter, 0.5, () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no jitter of its own");
        assertThatThrownBy(() -> new JitteredBackOff(new ExponentialBackOff(), 1.5, () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> JitteredBackOff.doubling(Duration.ofMillis(1), Duration.ofMillis(2))
                        .delay(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
