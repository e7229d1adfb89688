package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PacingTest {

    @Test
    void theFirstGuessLeavesEachSiteItsShareOfTheRateLessTheCrawlStagesTimeAPage() {
        // 40 sites at 200/s: a page of each site every 200 ms, 12 ms of it the fetch
        assertThat(Pacing.firstGuess(40, 200, 0.012)).isEqualTo(Duration.ofMillis(188));
        assertThat(Pacing.firstGuess(40, 200, Double.NaN)).isEqualTo(Duration.ofMillis(200));
        assertThat(Pacing.firstGuess(4, 200, 0.05)).isEqualTo(Duration.ZERO);
    }

    @Test
    void theTimedRoundTakesOffWhatAPageCostTheWarmUpRoundBeyondItsDelay() {
        // the warm-up's sites waited 188 ms and offered 165/s: a page every 242 ms a site, 54 ms beyond the delay
        Duration timed = Pacing.calibrated(40, 200, Duration.ofMillis(188), 40, 165.0);

        assertThat(Pacing.pageCostSeconds(Duration.ofMillis(188), 40, 165.0)).isCloseTo(0.0544, within());
        assertThat(timed).isEqualTo(Duration.ofMillis(146));
        // paced so, a page of each site every 146 + 54 ms: the asked 200/s over 40 sites
        double offered = 40 / (timed.toMillis() / 1000.0 + Pacing.pageCostSeconds(Duration.ofMillis(188), 40, 165.0));
        assertThat(offered).isCloseTo(200.0, offset(1.0));
    }

    @Test
    void aWarmUpRoundThatKeptPaceLeavesTheDelayAsItWas() {
        assertThat(Pacing.calibrated(40, 200, Duration.ofMillis(200), 40, 200.0))
                .isEqualTo(Duration.ofMillis(200));
        // faster than asked (a delay the crawler rounds down): no longer delay than the asked share either way
        assertThat(Pacing.calibrated(40, 200, Duration.ofMillis(200), 40, 210.0))
                .isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theTimedRoundMayHaveOtherSitesThanTheWarmUp() {
        // 20 warm-up sites at 188 ms offered 80/s: 250 ms a page, 62 beyond; 40 timed sites at 200/s get 138 ms
        assertThat(Pacing.calibrated(40, 200, Duration.ofMillis(188), 20, 80.0)).isEqualTo(Duration.ofMillis(138));
    }

    @Test
    void noMeasurableWarmUpKeepsItsDelay() {
        assertThat(Pacing.calibrated(40, 200, Duration.ofMillis(188), 40, Double.NaN))
                .isEqualTo(Duration.ofMillis(188));
        assertThat(Pacing.calibrated(40, 200, Duration.ofMillis(188), 40, 0.0)).isEqualTo(Duration.ofMillis(188));
    }

    @Test
    void aWarmUpSlowedByPassingLoadTakesAtMostAQuarterOfTheShareOffTheFirstGuess() {
        // 40 sites offering 100/s with 188 ms: 400 ms a page, 212 beyond the delay, more than the whole 200 ms share;
        // without the bound the timed sites would not wait at all and a quiet crawler would offer several times 200/s
        assertThat(Pacing.calibrated(40, 200, Duration.ofMillis(188), 40, 100.0))
                .isEqualTo(Duration.ofMillis(138));
        assertThat(Pacing.note(40, 200, Duration.ofMillis(188), 40, 100.0, Duration.ofMillis(138)))
                .contains("the correction's bound");
        assertThat(Pacing.note(40, 200, Duration.ofMillis(188), 40, 165.0, Duration.ofMillis(146)))
                .doesNotContain("bound");
    }

    @Test
    void theNoteSaysWhatTheWarmUpOfferedAndWhatTheTimedRoundAsksFor() {
        assertThat(Pacing.note(40, 200, Duration.ofMillis(188), 40, 165.0, Duration.ofMillis(146)))
                .contains("188 ms", "offered 165 of the 200 notices/s", "54 ms beyond", "ask for 146 ms");
        assertThat(Pacing.note(40, 200, Duration.ofMillis(188), 0, Double.NaN, Duration.ofMillis(188)))
                .contains("188 ms", "no warm-up round");
    }

    private static Offset<Double> within() {
        return offset(0.0005);
    }
}
