package org.gongkai.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Figures of a process from Linux's {@code /proc}: CPU time (user + system, all threads) and resident memory
 * ({@code VmRSS}). CPU time is what makes a rate "per core" on a shared machine: work done ÷ CPU seconds spent.
 */
public final class ProcStats {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux on every common architecture). */
    private static final double TICKS = 100.0;

    /** Bytes in a MiB (2^20); a MB, the unit of the memory target, is 10^6. */
    public static final double MIB = 1024 * 1024;

    private ProcStats() {}

    /** CPU seconds (user + system) the process has used, or {@code NaN} when it is gone. */
    public static double cpuSeconds(long pid) {
        return statCpuSeconds(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** CPU seconds of a {@code stat} file of {@code /proc} (a process's or one thread's), or {@code NaN}. */
    static double statCpuSeconds(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            // fields after the command name (which may hold spaces) in parentheses: state is field 3, utime 14, stime
            // 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU seconds of a process and its live descendants (Elasticsearch may run under a wrapper process). */
    public static double treeCpuSeconds(long pid) {
        double sum = cpuSeconds(pid);
        for (ProcessHandle child :
                ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(java.util.List.of())) {
            double c = cpuSeconds(child.pid());
            if (!Double.isNaN(c)) {
                sum += c;
            }
        }
        return sum;
    }

    /**
     * A process and its descendants, whose CPU seconds are read often (the end-to-end timeline reads the broker's and
     * the node's every second): the list of descendants comes from a scan of all of {@code /proc}
     * ({@link ProcessHandle#descendants}, ~2–3 ms of CPU on this machine with ~130 processes), so it is re-read at
     * most every {@link #REREAD}; a descendant started since is counted from the next scan on, one that exited is
     * left out (as in {@link #treeCpuSeconds}). Thread-safe.
     */
    public static final class ProcessTree {

        /** How long a list of descendants is kept. The servers' children (Elasticsearch's) start with them. */
        static final long REREAD_NANOS = 30_000_000_000L;

        private final long pid;
        /** Guarded by this. */
        private long[] descendants;
        /** Guarded by this. */
        private long readAt;

        public ProcessTree(long pid) {
            this.pid = pid;
        }

        /** CPU seconds (user + system) of the process and its descendants; {@code NaN} when the process is gone. */
        public double cpuSeconds() {
            double sum = ProcStats.cpuSeconds(pid);
            for (long child : descendants()) {
                double c = ProcStats.cpuSeconds(child);
                if (!Double.isNaN(c)) {
                    sum += c;
                }
            }
            return sum;
        }

        private synchronized long[] descendants() {
            if (descendants == null || System.nanoTime() - readAt > REREAD_NANOS) {
                descendants = ProcessHandle.of(pid)
                        .map(h -> h.descendants().mapToLong(ProcessHandle::pid).toArray())
                        .orElse(new long[0]);
                readAt = System.nanoTime();
            }
            return descendants;
        }
    }

    /** This JVM's CPU seconds (all threads). */
    public static double ownCpuSeconds() {
        return cpuSeconds(ProcessHandle.current().pid());
    }

    /** Resident set size in MiB ({@code VmRSS}), or {@code NaN} when the process is gone. */
    public static double rssMiB(long pid) {
        return rssBytes(pid) / MIB;
    }

    /**
     * Resident set size in bytes ({@code VmRSS}, which {@code /proc} gives in KiB), or {@code NaN} when the process
     * is gone. The limit is in MB (10^6 bytes): {@code rssBytes / 1e6}, not MiB.
     */
    public static double rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024.0;
                }
            }
            return Double.NaN;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The 1-minute load average (the machine is shared: every figure is read beside it). */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
