package org.gongkai.ingest.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link PacedFarmBenchmark}'s CPU by thread: the process's threads by name, the producers' I/O threads by client. */
final class ThreadCpu {

    private ThreadCpu() {}

    /** CPU time of each producer's I/O thread (ns), by the producer's client id (the thread's name after "| "). */
    static Map<String, Long> producerThreads() {
        Map<String, Long> cpu = new java.util.TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (name.startsWith("kafka-producer-network-thread")) {
                long nanos = Split.THREADS.getThreadCpuTime(thread.getId());
                if (nanos > 0) {
                    cpu.merge(name.substring(name.indexOf('|') + 1).strip(), nanos, Long::sum);
                }
            }
        }
        return cpu;
    }

    /**
     * A round's CPU by thread name ({@code /proc/self/task/<tid>/comm}, at most 15 characters, and {@code
     * schedstat}'s time on the CPU, ns):
     * crawl workers, the producers' I/O threads, the JIT's compilers, the farm's server, GC and the rest. Threads
     * that end during the round lose their CPU.
     */
    record Split(Map<Integer, long[]> before, Map<String, Long> rest) {

        static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        static final int COLUMNS = 7; // all, workers, producer I/O, JIT, farm, GC, rest
        static final String HEADER =
                "all | crawl workers | producer I/O | JIT | farm | GC | rest || store put | store get | send";
        private static final Map<Integer, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

        static Split start() {
            return new Split(threads(), new HashMap<>());
        }

        /** The threads of the rest with the most CPU in the round (name by {@code comm}, ms). */
        String topOfRest() {
            return rest.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(4)
                    .map(e -> e.getKey() + " " + e.getValue() / 1_000_000 + " ms")
                    .collect(java.util.stream.Collectors.joining(", "));
        }

        double[] end(long processCpu) {
            double[] sum = new double[COLUMNS];
            sum[0] = processCpu;
            long named = 0;
            for (Map.Entry<Integer, long[]> now : threads().entrySet()) {
                long[] was = before.get(now.getKey());
                int kind = (int) now.getValue()[0];
                long ticks = now.getValue()[1] - (was == null || was[0] != kind ? 0 : was[1]);
                if (kind > 0) {
                    sum[kind] += ticks;
                    named += ticks;
                } else if (ticks > 0) {
                    rest.merge(NAMES.getOrDefault(now.getKey(), "?"), ticks, Long::sum);
                }
            }
            sum[6] = processCpu - named;
            return sum;
        }

        private static Map<Integer, long[]> threads() {
            Map<Integer, long[]> threads = new HashMap<>();
            java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
            if (tasks == null) {
                return threads;
            }
            for (java.io.File task : tasks) {
                try {
                    String name =
                            Files.readString(task.toPath().resolve("comm")).strip();
                    // schedstat: time on the CPU in ns (precise, unlike stat's ticks), wait time, time slices.
                    String schedstat = Files.readString(task.toPath().resolve("schedstat"));
                    long ticks = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                    threads.put(Integer.parseInt(task.getName()), new long[] {kind(name), ticks});
                    NAMES.put(Integer.parseInt(task.getName()), name.replaceAll("[0-9]+$", "#"));
                } catch (java.io.IOException | RuntimeException e) {
                    // ended meanwhile
                }
            }
            return threads;
        }

        private static int kind(String name) {
            if (name.startsWith("crawl-worker")) {
                return 1;
            }
            if (name.startsWith("kafka-producer")) {
                return 2;
            }
            if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                return 3;
            }
            if (name.startsWith("portal-farm") || name.startsWith("HTTP-Dispatcher")) {
                return 4;
            }
            if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
                return 5;
            }
            return 0; // the rest: what the process used beyond the named threads
        }

        static String format(double[] v) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < v.length; i++) {
                s.append(i == 0 ? "" : i == COLUMNS ? " || " : " | ").append(String.format("%.0f", v[i]));
            }
            return s.toString();
        }

        static String range(List<double[]> rounds) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < rounds.get(0).length; i++) {
                double min = Double.MAX_VALUE;
                double max = 0;
                for (double[] r : rounds) {
                    min = Math.min(min, r[i]);
                    max = Math.max(max, r[i]);
                }
                s.append(i == 0 ? "" : i == COLUMNS ? " || " : " | ").append(String.format("%.0f–%.0f", min, max));
            }
            return s.toString();
        }
    }
}
