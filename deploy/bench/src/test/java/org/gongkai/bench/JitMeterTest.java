package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitMeterTest {

    @Test
    void hotSpotsCompilerThreadsAreKnownByTheirTruncatedNames() {
        assertThat(JitMeter.isCompilerThread("C2 CompilerThre")).isTrue();
        assertThat(JitMeter.isCompilerThread("C1 CompilerThre")).isTrue();
        assertThat(JitMeter.isCompilerThread("GC Thread#0")).isFalse();
        assertThat(JitMeter.isCompilerThread("Sweeper thread")).isFalse();
    }

    @Test
    void thisJvmsCompilerThreadsHaveUsedCpuAndNoMoreThanTheWholeProcess() {
        JitMeter meter = new JitMeter(ProcessHandle.current().pid(), false);

        double jit = meter.cpuSeconds();
        double process = ProcStats.ownCpuSeconds();

        // a test JVM has compiled JUnit, AssertJ and the JDK's hot paths: at least one clock tick on its compilers
        assertThat(jit).isPositive().isLessThanOrEqualTo(process);
        assertThat(meter.cpuSeconds()).isGreaterThanOrEqualTo(jit); // never goes back
    }

    @Test
    void aProcessThatIsGoneReadsAsNoCompileTime() {
        assertThat(new JitMeter(Long.MAX_VALUE / 2, true).cpuSeconds()).isZero();
    }
}
