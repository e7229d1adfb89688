package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadyTimeoutTest {

    @Test
    void withoutTheVariableEachServiceGetsThreeMinutes() {
        assertThat(Components.readyTimeout(null)).isEqualTo(Duration.ofMinutes(3));
        assertThat(Components.readyTimeout(" ")).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void aLoadedMachineRaisesItInSeconds() {
        assertThat(Components.readyTimeout("600")).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void anythingButAPositiveNumberOfSecondsIsAClearError() {
        for (String bad : new String[] {"0", "-5", "10m", "PT5M"}) {
            assertThatThrownBy(() -> Components.readyTimeout(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("GONGKAI_READY_TIMEOUT must be a positive number of seconds")
                    .hasMessageContaining(bad);
        }
    }
}
