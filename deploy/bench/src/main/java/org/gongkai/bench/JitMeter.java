package org.gongkai.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * CPU time of a JVM's JIT compiler threads (HotSpot's {@code C1 CompilerThread<n>} and {@code C2 CompilerThread<n>},
 * {@code comm} truncated by Linux to 15 characters), from {@code /proc/<pid>/task/<tid>/stat}: the same clock as the
 * process's CPU in {@link ProcStats}, so the two can be set side by side.
 *
 * <p>Why threads and not the actuator's {@code jvm_compilation_time_ms_total}: that metric is the compiler's elapsed
 * time (the {@code CompilationMXBean}), which on a loaded machine counts time spent waiting for a core; and it is
 * not there for Elasticsearch. HotSpot may start and stop compiler threads
 * ({@code UseDynamicNumberOfCompilerThreads}; on 2 cores there is one of each kind, which stays): a thread that has
 * exited keeps the CPU it had at its last reading, so an exit loses at most one sampling interval of its CPU.
 *
 * <p>{@link #JitMeter(long, boolean, Predicate)} measures other threads of a process by their name the same way
 * (e.g. a service's HTTP request threads).
 *
 * <p>Not thread-safe: one polling loop reads it. A gone process reads as the last total.
 */
final class JitMeter {

    /** Compiler threads are looked for again this often (new ones start on demand). */
    private static final long RESCAN_NANOS = 1_000_000_000L;

    private final long pid;
    private final boolean descendants;
    private final Predicate<String> threads;
    /** Last CPU seconds by {@code /proc/<pid>/task/<tid>/stat} path. */
    private final Map<Path, Double> lastCpu = new HashMap<>();

    private long lastScan = Long.MIN_VALUE;

    /**
     * @param pid         the JVM's process id
     * @param descendants also the JVMs below it (Elasticsearch's launcher starts the node as a child)
     */
    JitMeter(long pid, boolean descendants) {
        this(pid, descendants, JitMeter::isCompilerThread);
    }

    /** @param threads which threads to count, by their {@code comm} (the name, cut to 15 characters) */
    JitMeter(long pid, boolean descendants, Predicate<String> threads) {
        this.pid = pid;
        this.descendants = descendants;
        this.threads = threads;
    }

    /** CPU seconds the compiler threads have used so far (those seen by this meter), 0 before any. */
    double cpuSeconds() {
        long now = System.nanoTime();
        if (lastScan == Long.MIN_VALUE || now - lastScan > RESCAN_NANOS) {
            lastScan = now;
            List<Long> pids = new ArrayList<>(List.of(pid));
            if (descendants) {
                ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
            }
            for (long p : pids) {
                try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(p), "task"))) {
                    tasks.filter(this::counted).forEach(t -> lastCpu.putIfAbsent(t.resolve("stat"), 0.0));
                } catch (IOException | RuntimeException e) {
                    // the process is gone: keep the totals read so far
                }
            }
        }
        double sum = 0;
        for (Map.Entry<Path, Double> e : lastCpu.entrySet()) {
            double cpu = ProcStats.statCpuSeconds(e.getKey());
            if (!Double.isNaN(cpu)) {
                e.setValue(cpu);
            }
            sum += e.getValue();
        }
        return sum;
    }

    static boolean isCompilerThread(String comm) {
        return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
    }

    private boolean counted(Path taskDir) {
        try {
            return threads.test(Files.readString(taskDir.resolve("comm")).strip());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
