package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    private static final Path REPO = Path.of("/repo");

    @Test
    void defaultsAreTheIssuesSizesAndFilesBelowTheRepository() {
        BenchOptions o = BenchOptions.parse(REPO);

        assertThat(o.notices()).isEqualTo(20_000);
        assertThat(o.e2eRate()).isEqualTo(200);
        assertThat(o.indexThreads()).isEqualTo(3);
        assertThat(o.out()).isEqualTo(Path.of("/repo/deploy/bench/target/benchmark.json"));
        assertThat(o.realNotices()).isEqualTo(Path.of("/repo/../shared/data/real-notices/notices.jsonl"));
        assertThat(o.serviceJvm()).containsExactly("-Xmx384m", "-XX:+ExitOnOutOfMemoryError");
        assertThat(o.jfr()).isFalse();
    }

    @Test
    void optionsAreReadWithASpaceOrAnEqualsSign() {
        BenchOptions o = BenchOptions.parse(
                REPO, "--notices", "5,000", "--e2e-rate=50", "--jfr", "--service-jvm", "-Xmx256m -XX:+UseSerialGC");

        assertThat(o.notices()).isEqualTo(5000);
        assertThat(o.e2eRate()).isEqualTo(50);
        assertThat(o.jfr()).isTrue();
        assertThat(o.serviceJvm()).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
    }

    @Test
    void anUnknownOptionOrANonPositiveSizeIsRefusedWithItsName() {
        assertThatThrownBy(() -> BenchOptions.parse(REPO, "--notice", "5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--notice");
        assertThatThrownBy(() -> BenchOptions.parse(REPO, "--notices", "0"))
                .hasMessageContaining("--notices must be positive");
        assertThatThrownBy(() -> BenchOptions.parse(REPO, "--sites", "200", "--e2e-sites", "60"))
                .hasMessageContaining("127.0.0.250");
    }
}
