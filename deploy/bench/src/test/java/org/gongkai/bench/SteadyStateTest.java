package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SteadyStateTest {

    @Test
    void theWindowOpensAtTheFirstSampleAtOrPastTheWarmUpShareAndClosesAtTheLast() {
        SteadyState steady = new SteadyState(1000, 0.2);
        steady.sample(0, 1.0, 0.0, 1_000); // start-up: JIT and class loading
        steady.sample(150, 4.0, 0.0, 2_000);
        steady.sample(210, 5.0, 0.0, 3_000); // opens: 210 ≥ 200
        steady.sample(600, 5.5, 0.0, 4_000);
        steady.sample(1000, 6.0, 0.0, 5_000);

        SteadyState.Window w = steady.window();

        assertThat(w.items()).isEqualTo(790);
        assertThat(w.cpuSeconds()).isCloseTo(1.0, within(1e-9));
        assertThat(w.seconds()).isEqualTo(2.0);
        assertThat(w.perCoreSecond()).isCloseTo(790.0, within(1e-9));
        assertThat(w.perSecond()).isCloseTo(395.0, within(1e-9));
    }

    @Test
    void theWarmUpsCpuDoesNotCountAsPerItemCost() {
        SteadyState steady = new SteadyState(100, 0.5);
        steady.sample(50, 10.0, 0.0, 0); // 10 CPU seconds of warm-up for the first 50
        steady.sample(100, 10.5, 0.0, 500);

        assertThat(steady.window().perCoreSecond()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void withoutItemsAfterTheWarmUpThereIsNoWindow() {
        SteadyState never = new SteadyState(1000, 0.2);
        never.sample(100, 1.0, 0.0, 1_000);
        SteadyState stalled = new SteadyState(1000, 0.2);
        stalled.sample(500, 1.0, 0.0, 1_000);
        stalled.sample(500, 1.2, 0.0, 2_000);

        assertThat(never.window()).isNull();
        assertThat(stalled.window()).isNull();
    }

    @Test
    void aProcessGoneMeanwhileLeavesItsSampleOut() {
        SteadyState steady = new SteadyState(10, 0);
        steady.sample(1, 1.0, 0.0, 0);
        steady.sample(5, Double.NaN, 0.0, 100);
        steady.sample(10, 2.0, 0.0, 1_000);

        assertThat(steady.window().items()).isEqualTo(9);
    }

    @Test
    void aWarmUpShareOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new SteadyState(10, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWindowReportsTheJitCompilerThreadsCpuBesideTheProcesssNotSubtracted() {
        SteadyState steady = new SteadyState(100, 0.2);
        steady.sample(0, 2.0, 1.0, 0); // start-up: half of it compiling
        steady.sample(20, 4.0, 2.0, 1_000); // opens
        steady.sample(100, 8.0, 2.5, 5_000);

        SteadyState.Window w = steady.window();

        assertThat(w.cpuSeconds()).isCloseTo(4.0, within(1e-9));
        assertThat(w.jitSeconds()).isCloseTo(0.5, within(1e-9));
        assertThat(w.jitShare()).isCloseTo(0.125, within(1e-9));
        assertThat(w.perCoreSecond()).isCloseTo(80 / 4.0, within(1e-9)); // per item: the whole CPU, JIT included
    }

    @Test
    void theJitShareIsGivenForEachTenthOfTheStageReachedFromTheFirstSampleOn() {
        SteadyState steady = new SteadyState(100, 0.2);
        steady.sample(0, 1.0, 0.0, 0);
        steady.sample(10, 3.0, 1.0, 100); // tenth 1: 2 s CPU, 1 s JIT
        steady.sample(20, 4.0, 1.25, 200); // tenth 2: 1 s, 0.25 s
        steady.sample(40, 6.0, 1.5, 300); // tenths 3 and 4 at once: the third's share, the fourth without CPU
        steady.sample(55, 7.0, 1.5, 400); // tenth 5: no JIT

        assertThat(steady.jitShareByTenth()).hasSize(5);
        assertThat(steady.jitShareByTenth().subList(0, 3)).containsExactly(0.5, 0.25, 0.125);
        assertThat(steady.jitShareByTenth().get(3)).isNaN();
        assertThat(steady.jitShareByTenth().get(4)).isEqualTo(0.0);
    }
}
