package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
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

    @Test
    void otherThreadsAreCountedByTheirNameAndOnlyThose() throws Exception {
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread busy = new Thread(
                () -> {
                    long until = System.nanoTime() + 200_000_000L;
                    long x = 0;
                    while (System.nanoTime() < until || x < 0) {
                        x += Long.numberOfTrailingZeros(System.nanoTime());
                    }
                    spun.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "bench-busy");
        long self = ProcessHandle.current().pid();
        JitMeter named = new JitMeter(self, false, comm -> comm.equals("bench-busy"));
        JitMeter none = new JitMeter(self, false, comm -> comm.equals("no-such-thread"));
        busy.start();
        spun.await();

        try {
            // 200 ms of spinning: at least one clock tick (10 ms)
            double seconds = named.cpuSeconds();
            assertThat(seconds).isPositive().isLessThanOrEqualTo(ProcStats.ownCpuSeconds());
            assertThat(none.cpuSeconds()).isZero();
            release.countDown();
            busy.join();
            // not equal to the earlier reading: between it and its end the thread may have run into another tick,
            // and the kernel can still show its task just after join()
            assertThat(named.cpuSeconds())
                    .as("an ended thread keeps its last reading")
                    .isGreaterThanOrEqualTo(seconds)
                    .isLessThanOrEqualTo(ProcStats.ownCpuSeconds());
        } finally {
            release.countDown();
        }
    }
}
