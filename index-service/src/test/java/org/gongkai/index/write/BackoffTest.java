package org.gongkai.index.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

    @Test
    void doublesPerRetryWithinHalfAndAllOfTheBase() {
        assertThat(backoff.delay(1, () -> 0.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(1, () -> 0.999_999)).isEqualTo(Duration.ofMillis(199));
        assertThat(backoff.delay(2, () -> 0.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(3, () -> 0.5)).isEqualTo(Duration.ofMillis(600));
    }

    @Test
    void isCappedAtTheMaximumEvenForManyRetries() {
        assertThat(backoff.delay(6, () -> 0.999_999)).isEqualTo(Duration.ofMillis(4999));
        assertThat(backoff.delay(1000, () -> 0.0)).isEqualTo(Duration.ofMillis(2500));
    }
}
