package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.gongkai.local.JvmOptions;
import org.gongkai.local.Services.Service;
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
        assertThat(o.warmUp()).isEqualTo(0.2);
        assertThat(o.jfr()).isFalse();
    }

    @Test
    void eachServiceRunsWithItsOwnJvmOptionsUnlessOneSetIsGivenForAll() {
        BenchOptions own = BenchOptions.parse(REPO);
        BenchOptions given = BenchOptions.parse(REPO, "--service-jvm", "-Xmx300m", "--service-jvm-add", "-Xss1m");

        for (Service s : List.of(Service.INGEST, Service.ENRICH, Service.INDEX)) {
            assertThat(own.jvmOptions(s)).isEqualTo(JvmOptions.of(s));
            assertThat(given.jvmOptions(s)).containsExactly("-Xmx300m", "-Xss1m");
        }
        assertThat(own.asMap().get("serviceJvm").toString())
                .contains("ingest-service=" + JvmOptions.toolOptions(Service.INGEST));
        assertThat(BenchOptions.parse(REPO, "--service-jvm-add", "-XX:+AlwaysPreTouch")
                        .jvmOptions(Service.INDEX))
                .endsWith("-XX:+AlwaysPreTouch")
                .startsWith(JvmOptions.of(Service.INDEX).toArray(String[]::new));
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
        assertThatThrownBy(() -> BenchOptions.parse(REPO, "--warm-up", "100"))
                .hasMessageContaining("--warm-up must be a per cent");
    }

    @Test
    void theEndToEndWarmUpRoundLastsFifteenSecondsUnlessSetAndZeroTurnsItOff() {
        BenchOptions defaults = BenchOptions.parse(REPO);
        BenchOptions off = BenchOptions.parse(REPO, "--e2e-warm-up-seconds", "0", "--e2e-rate", "50");

        assertThat(defaults.e2eWarmUpSeconds()).isEqualTo(15);
        assertThat(defaults.e2eWarmUpCount()).isEqualTo(15 * 200);
        assertThat(defaults.e2eCount()).isEqualTo(30 * 200);
        assertThat(off.e2eWarmUpCount()).isZero();
        assertThat(off.asMap()).containsEntry("e2eWarmUpSeconds", 0);
        assertThatThrownBy(() -> BenchOptions.parse(REPO, "--e2e-warm-up-seconds", "-1"))
                .hasMessageContaining("--e2e-warm-up-seconds must be 0 or more");
    }

    @Test
    void theWarmUpRoundsSitesNeedAddressesOfTheirOwn() {
        assertThatThrownBy(() -> BenchOptions.parse(REPO, "--sites", "100", "--e2e-sites", "100"))
                .hasMessageContaining("127.0.0.250");
        assertThat(BenchOptions.parse(REPO, "--sites", "100", "--e2e-sites", "100", "--e2e-warm-up-seconds", "0")
                        .e2eSites())
                .isEqualTo(100);
    }
}
