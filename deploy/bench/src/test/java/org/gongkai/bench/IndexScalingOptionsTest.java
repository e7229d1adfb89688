package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IndexScalingOptionsTest {

    private static final Path REPO = Path.of("/repo");

    @Test
    void theDefaultsAreTheIssuesSizesAndTheServicesRequests() {
        IndexScalingOptions o = IndexScalingOptions.parse(REPO);

        assertThat(o.sizes()).containsExactly(10_000, 100_000);
        assertThat(o.threads()).isEqualTo(3);
        assertThat(o.batch()).isEqualTo(500);
        assertThat(o.out()).isEqualTo(Path.of("/repo/deploy/bench/target/index-scaling.json"));
    }

    @Test
    void sizesMustIncreaseAndUnknownOptionsAreRefused() {
        assertThat(IndexScalingOptions.parse(REPO, "--sizes", "1_000,5000", "--queries", "20")
                        .sizes())
                .containsExactly(1_000, 5_000);
        assertThatThrownBy(() -> IndexScalingOptions.parse(REPO, "--sizes", "5000,1000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("increasing");
        assertThatThrownBy(() -> IndexScalingOptions.parse(REPO, "--notices", "5000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --notices");
        assertThatThrownBy(() -> IndexScalingOptions.parse(REPO, "--sizes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a value");
    }
}
