package org.gongkai.bench;

import java.util.List;
import org.gongkai.bench.Metric.Target;

/**
 * The rows of a service's resident memory at steady state. Issue 17's target is "RSS ≤ 400 MB": judged in MB
 * (10^6 bytes), with the MiB (2^20 bytes, what {@code /proc} and {@code ps} print) beside it, without a target.
 * Runs before session 7 wrote one row in MiB judged ≤ 400 on MiB (400 MiB = 419 MB); {@link #fromOlderRun} reads
 * such a row as the two rows of today, so that {@code compare} judges both runs the same way.
 */
final class ResidentMemory {

    /** The limit per service, MB. */
    static final double LIMIT_MB = 400;

    private static final String MIB_SUFFIX = ".rss_mib";

    private ResidentMemory() {}

    /** The two rows of one service: MB (judged) and MiB (for reading beside {@code ps}). */
    static List<Metric> steadyState(String module, double bytes) {
        return List.of(
                Metric.of(module + ".rss_mb", module + ": RSS at steady state", bytes / 1e6, "MB")
                        .withTarget(Target.atMost(LIMIT_MB)),
                Metric.of(module + MIB_SUFFIX, module + ": RSS at steady state, MiB", bytes / ProcStats.MIB, "MiB"));
    }

    /**
     * A metric as read from a run's JSON: an older run's judged MiB row ({@code <module>.rss_mib} with a target)
     * becomes today's two rows; every other metric is returned as it is.
     */
    static List<Metric> fromOlderRun(Metric m) {
        if (!m.name().endsWith(MIB_SUFFIX) || m.target() == null || !"MiB".equals(m.unit())) {
            return List.of(m);
        }
        String module = m.name().substring(0, m.name().length() - MIB_SUFFIX.length());
        return steadyState(module, m.value() * ProcStats.MIB);
    }
}
