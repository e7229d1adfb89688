package org.gongkai.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The steady-state window of a throughput stage: the figures once the first {@code warmUp} share of the items is
 * through, so that class loading and the first connections of a fresh JVM (which the process's CPU time counts) and
 * the bulk of the JIT's compile work do not count as per-item cost. The stage's polling loop calls {@link #sample}
 * with the items done so far, the service's CPU seconds, the CPU seconds of its JIT compiler threads (a part of the
 * former, see {@link JitMeter}) and the time of the latest item (its record timestamp); the first sample at or past
 * {@code warmUp × expected} items opens the window, the latest sample closes it.
 *
 * <p>The window opens at a fixed share, not once the compile rate has settled: the same items are measured in every
 * run and every version of the code, so two runs compare; the JIT CPU inside the window is reported beside the
 * service's CPU (not subtracted), and {@link #jitShareByTenth()} shows how the compile work falls off over the stage.
 *
 * <p>Not thread-safe: one polling loop samples, then reads the window.
 */
final class SteadyState {

    /** Items, CPU seconds (the whole process), of which JIT, and seconds of the window; rates per second and core. */
    record Window(long items, double cpuSeconds, double jitSeconds, double seconds) {
        double perSecond() {
            return seconds > 0 ? items / seconds : Double.NaN;
        }

        double perCoreSecond() {
            return cpuSeconds > 0 ? items / cpuSeconds : Double.NaN;
        }

        /** JIT's share of the window's CPU, in [0, 1]; {@code NaN} without CPU. */
        double jitShare() {
            return cpuSeconds > 0 ? jitSeconds / cpuSeconds : Double.NaN;
        }
    }

    private record Point(long items, double cpu, double jit) {}

    private final long expected;
    private final long threshold;
    private Point start;
    private Point first;
    private Point latest;
    private long time0;
    private long time;
    /** The first sample at or past each tenth of the expected items (index 0: tenth 1). */
    private final Point[] tenths = new Point[10];

    /**
     * @param expected items the stage is expected to do
     * @param warmUp   share of them left out as warm-up, in [0, 1)
     */
    SteadyState(long expected, double warmUp) {
        if (warmUp < 0 || warmUp >= 1) {
            throw new IllegalArgumentException("warm-up share must be in [0, 1): " + warmUp);
        }
        this.expected = expected;
        this.threshold = (long) Math.ceil(expected * warmUp);
    }

    /**
     * @param itemsDone    items through so far
     * @param cpuSeconds   the service's CPU seconds so far
     * @param jitSeconds   of which its JIT compiler threads' so far
     * @param latestMillis time of the latest item (epoch ms)
     */
    void sample(long itemsDone, double cpuSeconds, double jitSeconds, long latestMillis) {
        if (Double.isNaN(cpuSeconds) || Double.isNaN(jitSeconds)) {
            return;
        }
        Point p = new Point(itemsDone, cpuSeconds, jitSeconds);
        if (start == null) {
            start = p;
        }
        for (int t = 0; t < tenths.length; t++) {
            if (tenths[t] == null && itemsDone > 0 && itemsDone * 10 >= expected * (t + 1)) {
                tenths[t] = p;
            }
        }
        if (first == null) {
            if (itemsDone < threshold || itemsDone == 0) {
                return;
            }
            first = p;
            time0 = latestMillis;
        }
        latest = p;
        time = latestMillis;
    }

    /** The window, or {@code null} when it was never opened or no item came after it opened. */
    Window window() {
        if (first == null || latest.items() <= first.items()) {
            return null;
        }
        return new Window(
                latest.items() - first.items(),
                latest.cpu() - first.cpu(),
                latest.jit() - first.jit(),
                (time - time0) / 1000.0);
    }

    /**
     * JIT's share of the service's CPU in each tenth of the stage's expected items, from the first sample on (the
     * first tenth includes what the JVM compiled between readiness and the first item); {@code NaN} for a tenth
     * without CPU, and the list ends at the last tenth reached.
     */
    List<Double> jitShareByTenth() {
        List<Double> shares = new ArrayList<>();
        Point from = start;
        for (Point to : tenths) {
            if (to == null || from == null) {
                break;
            }
            double cpu = to.cpu() - from.cpu();
            shares.add(cpu > 0 ? (to.jit() - from.jit()) / cpu : Double.NaN);
            from = to;
        }
        return shares;
    }
}
