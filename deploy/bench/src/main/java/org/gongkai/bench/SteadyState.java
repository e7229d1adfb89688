package org.gongkai.bench;

/**
 * The steady-state window of a throughput stage: the figures once the first {@code warmUp} share of the items is
 * through, so that the JIT's compile work, class loading and the first connections of a fresh JVM (all of which
 * the process's CPU time counts) do not count as per-item cost. The stage's polling loop calls {@link #sample} with
 * the items done so far, the service's CPU seconds and the time of the latest item (its record timestamp); the
 * first sample at or past {@code warmUp × expected} items opens the window, the latest sample closes it.
 *
 * <p>Not thread-safe: one polling loop samples, then reads the window.
 */
final class SteadyState {

    /** Items, CPU seconds and seconds of the window; rates per second and per core second. */
    record Window(long items, double cpuSeconds, double seconds) {
        double perSecond() {
            return seconds > 0 ? items / seconds : Double.NaN;
        }

        double perCoreSecond() {
            return cpuSeconds > 0 ? items / cpuSeconds : Double.NaN;
        }
    }

    private final long threshold;
    private boolean open;
    private long items0;
    private double cpu0;
    private long time0;
    private long items;
    private double cpu;
    private long time;

    /**
     * @param expected items the stage is expected to do
     * @param warmUp   share of them left out as warm-up, in [0, 1)
     */
    SteadyState(long expected, double warmUp) {
        if (warmUp < 0 || warmUp >= 1) {
            throw new IllegalArgumentException("warm-up share must be in [0, 1): " + warmUp);
        }
        this.threshold = (long) Math.ceil(expected * warmUp);
    }

    /**
     * @param itemsDone    items through so far
     * @param cpuSeconds   the service's CPU seconds so far
     * @param latestMillis time of the latest item (epoch ms)
     */
    void sample(long itemsDone, double cpuSeconds, long latestMillis) {
        if (Double.isNaN(cpuSeconds)) {
            return;
        }
        if (!open) {
            if (itemsDone < threshold || itemsDone == 0) {
                return;
            }
            open = true;
            items0 = itemsDone;
            cpu0 = cpuSeconds;
            time0 = latestMillis;
        }
        items = itemsDone;
        cpu = cpuSeconds;
        time = latestMillis;
    }

    /** The window, or {@code null} when it was never opened or no item came after it opened. */
    Window window() {
        if (!open || items <= items0) {
            return null;
        }
        return new Window(items - items0, cpu - cpu0, (time - time0) / 1000.0);
    }
}
